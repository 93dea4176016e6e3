package dev.hookline.infrastructure.dynamo;

import dev.hookline.core.wire.WireJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.inbound.source.Source;
import dev.hookline.core.inbound.source.SourceMode;
import dev.hookline.core.inbound.source.SourceStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static dev.hookline.infrastructure.dynamo.Attr.s;
import static dev.hookline.infrastructure.dynamo.Attr.str;

/**
 * Inbound sources under their tenant in the entities table ({@code TEN#<tenant>} / {@code SRC#<id>}), one
 * JSON document plus a version for optimistic updates. Each live token hash also has a lookup item
 * ({@code INGEST#<sha256 of the token>} / {@code INGEST}, with {@code tenant_id} and {@code source_id}),
 * written in the same transaction as the source, so a token opens its source the moment it is issued with
 * one strongly consistent read. A rotated-out token's item carries {@code expires_at} (the grace end):
 * TTL removes it eventually, and reads ignore it from that second on (DynamoDB Local never expires items).
 */
public final class DynamoSourceStore implements SourceStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "SRC#";
    private static final String TOKEN_SK = "INGEST";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoSourceStore(DynamoDbClient dynamo, String entitiesTable) {
        this.dynamo = dynamo;
        this.table = entitiesTable;
    }

    static String tokenPk(String tokenHash) {
        return "INGEST#" + tokenHash;
    }

    private static Map<String, AttributeValue> sourceKey(String tenantId, String sourceId) {
        return Attr.key(DynamoTenantStore.tenantPk(tenantId), PREFIX + sourceId);
    }

    private static Map<String, AttributeValue> tokenKey(String tokenHash) {
        return Attr.key(tokenPk(tokenHash), TOKEN_SK);
    }

    @Override
    public void create(Source source) {
        dynamo.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(item(source, source.version()))
                        .conditionExpression("attribute_not_exists(pk)").build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(table)
                        .item(tokenItem(source, source.tokenHash(), null))
                        .conditionExpression("attribute_not_exists(pk)").build()).build()).build());
    }

    @Override
    public Optional<Source> get(String tenantId, String sourceId) {
        Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder().tableName(table)
                .key(sourceKey(tenantId, sourceId)).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(read(item));
    }

    @Override
    public Optional<TokenOwner> tokenOwner(String tokenHash, Instant now) {
        if (tokenHash == null || tokenHash.isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> token = dynamo.getItem(GetItemRequest.builder().tableName(table)
                .key(tokenKey(tokenHash)).consistentRead(true).build()).item();
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        if (token.containsKey("expires_at") && Attr.num(token, "expires_at", 0) <= now.getEpochSecond()) {
            return Optional.empty();
        }
        String tenantId = str(token, "tenant_id");
        String sourceId = str(token, "source_id");
        if (tenantId == null || sourceId == null) {
            return Optional.empty();
        }
        return Optional.of(new TokenOwner(tenantId, sourceId));
    }

    @Override
    public List<Source> page(String tenantId, String afterId, int limit) {
        QueryRequest.Builder q = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :src)")
                .expressionAttributeValues(Map.of(":pk", s(DynamoTenantStore.tenantPk(tenantId)), ":src", s(PREFIX)))
                .limit(limit);
        if (afterId != null) {
            q.exclusiveStartKey(sourceKey(tenantId, afterId));
        }
        List<Source> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : dynamo.query(q.build()).items()) {
            out.add(read(item));
        }
        return out;
    }

    /**
     * Replaces the source if it is still at {@code previous.version()}, and brings the token lookups in
     * line in the same transaction: the current hash gets a lookup, a previous hash one that expires at
     * the grace end, and a hash that is neither any more loses its lookup.
     */
    @Override
    public boolean update(Source source, Source previous) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(item(source, previous.version() + 1))
                .conditionExpression("attribute_exists(pk) AND version = :v")
                .expressionAttributeValues(Map.of(":v", Attr.n(previous.version()))).build()).build());
        String current = source.tokenHash();
        String grace = source.previousTokenHash() != null && !source.previousTokenHash().equals(current)
                ? source.previousTokenHash() : null;
        if (!current.equals(previous.tokenHash())) {
            writes.add(putToken(source, current, null));
        }
        if (grace != null && (!grace.equals(previous.previousTokenHash()) || grace.equals(previous.tokenHash())
                || !Objects.equals(source.previousTokenExpiresAt(), previous.previousTokenExpiresAt()))) {
            writes.add(putToken(source, grace, source.previousTokenExpiresAt()));
        }
        Set<String> dropped = new LinkedHashSet<>();
        dropped.add(previous.tokenHash());
        if (previous.previousTokenHash() != null) {
            dropped.add(previous.previousTokenHash());
        }
        dropped.remove(current);
        dropped.remove(grace);
        for (String hash : dropped) {
            writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(tokenKey(hash)).build()).build());
        }
        if (writes.size() == 1) {
            try {
                Put put = writes.getFirst().put();
                dynamo.putItem(PutItemRequest.builder().tableName(table).item(put.item())
                        .conditionExpression(put.conditionExpression())
                        .expressionAttributeValues(put.expressionAttributeValues()).build());
                return true;
            } catch (ConditionalCheckFailedException e) {
                return false;
            }
        }
        try {
            dynamo.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(writes).build());
            return true;
        } catch (TransactionCanceledException e) {
            if (conditionFailed(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Deletes the source and its token lookups; retried on a concurrent update (which may rotate tokens). */
    @Override
    public boolean delete(String tenantId, String sourceId) {
        for (int tries = 0; tries < 5; tries++) {
            Optional<Source> found = get(tenantId, sourceId);
            if (found.isEmpty()) {
                return false;
            }
            Source source = found.get();
            List<TransactWriteItem> writes = new ArrayList<>();
            writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(sourceKey(tenantId, sourceId))
                    .conditionExpression("version = :v")
                    .expressionAttributeValues(Map.of(":v", Attr.n(source.version()))).build()).build());
            writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                    .key(tokenKey(source.tokenHash())).build()).build());
            if (source.previousTokenHash() != null && !source.previousTokenHash().equals(source.tokenHash())) {
                writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                        .key(tokenKey(source.previousTokenHash())).build()).build());
            }
            try {
                dynamo.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(writes).build());
                return true;
            } catch (TransactionCanceledException e) {
                if (!conditionFailed(e)) {
                    throw e;
                }
            }
        }
        return false;
    }

    private static boolean conditionFailed(TransactionCanceledException e) {
        return e.hasCancellationReasons() && e.cancellationReasons().stream().map(CancellationReason::code)
                .anyMatch("ConditionalCheckFailed"::equals);
    }

    private TransactWriteItem putToken(Source source, String hash, Instant expiresAt) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(tokenItem(source, hash, expiresAt)).build()).build();
    }

    private static Map<String, AttributeValue> tokenItem(Source source, String hash, Instant expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>(tokenKey(hash));
        item.put("kind", s("ingest_token"));
        item.put("tenant_id", s(source.tenantId()));
        item.put("source_id", s(source.id()));
        if (expiresAt != null) {
            item.put("expires_at", Attr.n(expiresAt.getEpochSecond()));
        }
        return item;
    }

    private static Map<String, AttributeValue> item(Source src, long version) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("name", src.name());
        doc.put("mode", src.mode() == null ? null : src.mode().wire());
        doc.put("sealed_verification", src.sealedVerification());
        doc.put("verification_scheme", src.verificationScheme());
        doc.put("secret_arn", src.secretArn());
        doc.set("ip_allowlist", JSON.valueToTree(src.ipAllowlist()));
        doc.put("max_body_bytes", src.maxBodyBytes());
        doc.set("dedup", src.dedup());
        doc.set("trigger", src.trigger());
        doc.set("stream", src.stream());
        doc.put("require_client_cert", src.requireClientCert());
        doc.put("client_cert_subject", src.clientCertSubject());
        doc.put("token_hash", src.tokenHash());
        doc.put("previous_token_hash", src.previousTokenHash());
        doc.put("previous_token_expires_at", src.previousTokenExpiresAt() == null ? null : src.previousTokenExpiresAt().toString());
        doc.put("created_at", src.createdAt() == null ? null : src.createdAt().toString());
        doc.put("updated_at", src.updatedAt() == null ? null : src.updatedAt().toString());
        Map<String, AttributeValue> item = new HashMap<>(sourceKey(src.tenantId(), src.id()));
        item.put("kind", s("source"));
        item.put("id", s(src.id()));
        item.put("tenant_id", s(src.tenantId()));
        item.put("doc", s(WireJson.write(doc)));
        item.put("version", Attr.n(version));
        return item;
    }

    private static Source read(Map<String, AttributeValue> item) {
        try {
            JsonNode d = JSON.readTree(str(item, "doc"));
            List<String> allow = new ArrayList<>();
            JsonNode list = d.get("ip_allowlist");
            if (list != null) {
                list.forEach(a -> allow.add(a.asText()));
            }
            String mode = text(d, "mode");
            JsonNode cert = d.get("require_client_cert");
            JsonNode maxBody = d.get("max_body_bytes");
            return new Source(str(item, "id"), str(item, "tenant_id"), text(d, "name"),
                    mode == null ? null : SourceMode.fromWire(mode), text(d, "sealed_verification"),
                    text(d, "verification_scheme"), text(d, "secret_arn"), allow,
                    maxBody == null || maxBody.isNull() ? Source.DEFAULT_MAX_BODY : maxBody.asInt(),
                    node(d, "dedup"), node(d, "trigger"), node(d, "stream"), cert != null && cert.asBoolean(),
                    text(d, "client_cert_subject"), text(d, "token_hash"), text(d, "previous_token_hash"),
                    time(d, "previous_token_expires_at"), time(d, "created_at"), time(d, "updated_at"),
                    Attr.num(item, "version", 1));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored source " + str(item, "id") + " is not readable", e);
        }
    }

    private static JsonNode node(JsonNode d, String field) {
        JsonNode v = d.get(field);
        return v == null || v.isNull() ? null : v;
    }

    private static String text(JsonNode d, String field) {
        JsonNode v = d.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant time(JsonNode d, String field) {
        String v = text(d, field);
        return v == null ? null : Instant.parse(v);
    }
}
