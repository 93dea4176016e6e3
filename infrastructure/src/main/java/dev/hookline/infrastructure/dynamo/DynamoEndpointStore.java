package dev.hookline.infrastructure.dynamo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.endpoint.Endpoint;
import dev.hookline.core.endpoint.EndpointStore;
import dev.hookline.core.outbound.RetryPolicy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.hookline.infrastructure.dynamo.Attr.s;

/**
 * Endpoints under their tenant in the entities table ({@code TEN#<tenant>} / {@code EP#<id>}), stored as
 * one JSON document plus a version for optimistic updates; nothing queries inside the document.
 */
public final class DynamoEndpointStore implements EndpointStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoEndpointStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void create(Endpoint endpoint) {
        dynamo.putItem(PutItemRequest.builder().tableName(table).item(item(endpoint, endpoint.version()))
                .conditionExpression("attribute_not_exists(pk)").build());
    }

    @Override
    public Optional<Endpoint> get(String tenantId, String endpointId) {
        Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder().tableName(table)
                .key(Attr.key(DynamoTenantStore.tenantPk(tenantId), "EP#" + endpointId)).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(read(item));
    }

    @Override
    public List<Endpoint> listAll(String tenantId) {
        return dynamo.queryPaginator(query(tenantId, null).build()).items().stream().map(DynamoEndpointStore::read).toList();
    }

    @Override
    public List<Endpoint> page(String tenantId, String afterId, int limit) {
        List<Endpoint> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : dynamo.query(query(tenantId, afterId).limit(limit).build()).items()) {
            out.add(read(item));
        }
        return out;
    }

    private QueryRequest.Builder query(String tenantId, String afterId) {
        QueryRequest.Builder q = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :ep)")
                .expressionAttributeValues(Map.of(":pk", s(DynamoTenantStore.tenantPk(tenantId)), ":ep", s("EP#")));
        if (afterId != null) {
            q.exclusiveStartKey(Attr.key(DynamoTenantStore.tenantPk(tenantId), "EP#" + afterId));
        }
        return q;
    }

    @Override
    public boolean update(Endpoint endpoint) {
        try {
            dynamo.putItem(PutItemRequest.builder().tableName(table).item(item(endpoint, endpoint.version() + 1))
                    .conditionExpression("version = :v")
                    .expressionAttributeValues(Map.of(":v", Attr.n(endpoint.version()))).build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean delete(String tenantId, String endpointId) {
        try {
            dynamo.deleteItem(DeleteItemRequest.builder().tableName(table)
                    .key(Attr.key(DynamoTenantStore.tenantPk(tenantId), "EP#" + endpointId))
                    .conditionExpression("attribute_exists(pk)").build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private Map<String, AttributeValue> item(Endpoint e, long version) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("url", e.url());
        doc.put("description", e.description());
        doc.set("event_types", JSON.valueToTree(e.eventTypes()));
        doc.put("enabled", e.enabled());
        doc.put("disabled_reason", e.disabledReason());
        doc.set("headers", JSON.valueToTree(e.headers()));
        ObjectNode retry = doc.putObject("retry");
        retry.put("initial_backoff_ms", e.retry().initialBackoff().toMillis());
        retry.put("multiplier", e.retry().multiplier());
        retry.put("max_attempts", e.retry().maxAttempts());
        retry.put("max_backoff_ms", e.retry().maxBackoff().toMillis());
        retry.put("jitter", e.retry().jitter());
        doc.put("timeout_ms", e.timeout().toMillis());
        doc.put("sealed_secret", e.sealedSecret());
        doc.put("sealed_signing_key", e.sealedSigningKey());
        doc.put("public_key", e.publicKey());
        doc.put("created_at", e.createdAt().toString());
        doc.put("updated_at", e.updatedAt().toString());
        Map<String, AttributeValue> item = new HashMap<>(Attr.key(DynamoTenantStore.tenantPk(e.tenantId()), "EP#" + e.id()));
        item.put("kind", s("endpoint"));
        item.put("id", s(e.id()));
        item.put("tenant_id", s(e.tenantId()));
        item.put("doc", s(doc.toString()));
        item.put("version", Attr.n(version));
        return item;
    }

    private static Endpoint read(Map<String, AttributeValue> item) {
        try {
            JsonNode d = JSON.readTree(Attr.str(item, "doc"));
            JsonNode r = d.get("retry");
            Map<String, String> headers = new LinkedHashMap<>();
            d.get("headers").fields().forEachRemaining(f -> headers.put(f.getKey(), f.getValue().asText()));
            List<String> types = new ArrayList<>();
            d.get("event_types").forEach(t -> types.add(t.asText()));
            return new Endpoint(Attr.str(item, "id"), Attr.str(item, "tenant_id"), d.get("url").asText(),
                    text(d, "description"), types, d.get("enabled").asBoolean(), text(d, "disabled_reason"), headers,
                    new RetryPolicy(Duration.ofMillis(r.get("initial_backoff_ms").asLong()), r.get("multiplier").asDouble(),
                            r.get("max_attempts").asInt(), Duration.ofMillis(r.get("max_backoff_ms").asLong()),
                            r.get("jitter").asDouble()),
                    Duration.ofMillis(d.get("timeout_ms").asLong()), text(d, "sealed_secret"),
                    text(d, "sealed_signing_key"), text(d, "public_key"),
                    Instant.parse(d.get("created_at").asText()), Instant.parse(d.get("updated_at").asText()),
                    Attr.num(item, "version", 1));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored endpoint " + Attr.str(item, "id") + " is not readable", e);
        }
    }

    private static String text(JsonNode d, String field) {
        JsonNode v = d.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
