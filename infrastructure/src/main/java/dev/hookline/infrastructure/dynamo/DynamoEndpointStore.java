package dev.hookline.infrastructure.dynamo;

import dev.hookline.core.wire.WireJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.endpoint.BreakerSettings;
import dev.hookline.core.endpoint.ClientCertificate;
import dev.hookline.core.endpoint.Endpoint;
import dev.hookline.core.endpoint.EndpointHealth;
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
        EndpointHealth h = e.health();
        ObjectNode health = doc.putObject("health");
        health.put("state", h.state());
        health.put("since", h.since() == null ? null : h.since().toString());
        health.put("reason", h.reason());
        health.put("consecutive_failures", h.consecutiveFailures());
        health.put("failing_since", h.failingSince() == null ? null : h.failingSince().toString());
        health.put("probe_at", h.probeAt() == null ? null : h.probeAt().toString());
        health.put("probe_successes", h.probeSuccesses());
        BreakerSettings b = e.breaker();
        ObjectNode breaker = doc.putObject("breaker");
        breaker.put("consecutive_failures_to_open", b.consecutiveFailuresToOpen());
        breaker.put("failure_rate_to_open", b.failureRateToOpen());
        breaker.put("rate_window_s", b.rateWindow().toSeconds());
        breaker.put("minimum_attempts", b.minimumAttempts());
        breaker.put("probe_after_s", b.probeAfter().toSeconds());
        breaker.put("successes_to_close", b.successesToClose());
        breaker.put("disable_after_s", b.disableAfter().toSeconds());
        doc.put("previous_sealed_secret", e.previousSealedSecret());
        doc.put("previous_secret_expires_at", e.previousSecretExpiresAt() == null ? null : e.previousSecretExpiresAt().toString());
        doc.put("name", e.name());
        doc.put("event_type_header", e.eventTypeHeader());
        ClientCertificate c = e.clientCertificate();
        if (c != null) {
            doc.putObject("client_certificate").put("sealed_pem", c.sealedPem()).put("secret_arn", c.secretArn())
                    .put("subject", c.subject()).put("issuer", c.issuer()).put("not_after", c.notAfter().toString())
                    .put("fingerprint_sha256", c.fingerprintSha256());
        }
        Map<String, AttributeValue> item = new HashMap<>(Attr.key(DynamoTenantStore.tenantPk(e.tenantId()), "EP#" + e.id()));
        item.put("kind", s("endpoint"));
        item.put("id", s(e.id()));
        item.put("tenant_id", s(e.tenantId()));
        item.put("doc", s(WireJson.write(doc)));
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
            // A pull endpoint has no URL (stored as null).
            return new Endpoint(Attr.str(item, "id"), Attr.str(item, "tenant_id"), text(d, "url"),
                    text(d, "description"), types, d.get("enabled").asBoolean(), text(d, "disabled_reason"), headers,
                    new RetryPolicy(Duration.ofMillis(r.get("initial_backoff_ms").asLong()), r.get("multiplier").asDouble(),
                            r.get("max_attempts").asInt(), Duration.ofMillis(r.get("max_backoff_ms").asLong()),
                            r.get("jitter").asDouble()),
                    Duration.ofMillis(d.get("timeout_ms").asLong()), text(d, "sealed_secret"),
                    text(d, "sealed_signing_key"), text(d, "public_key"),
                    Instant.parse(d.get("created_at").asText()), Instant.parse(d.get("updated_at").asText()),
                    Attr.num(item, "version", 1), health(d.get("health")), breaker(d.get("breaker")),
                    text(d, "previous_sealed_secret"), instantOrNull(text(d, "previous_secret_expires_at")),
                    text(d, "name"), d.path("event_type_header").asBoolean(false),
                    clientCertificate(d.get("client_certificate")));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored endpoint " + Attr.str(item, "id") + " is not readable", e);
        }
    }

    private static ClientCertificate clientCertificate(JsonNode c) {
        if (c == null || c.isNull()) {
            return null;
        }
        return new ClientCertificate(text(c, "sealed_pem"), text(c, "secret_arn"), text(c, "subject"), text(c, "issuer"),
                instantOrNull(text(c, "not_after")), text(c, "fingerprint_sha256"));
    }

    private static EndpointHealth health(JsonNode h) {
        if (h == null || h.isNull()) {
            return null;
        }
        return new EndpointHealth(h.get("state").asText(), instantOrNull(text(h, "since")), text(h, "reason"),
                h.path("consecutive_failures").asInt(0), instantOrNull(text(h, "failing_since")),
                instantOrNull(text(h, "probe_at")), h.path("probe_successes").asInt(0));
    }

    private static BreakerSettings breaker(JsonNode b) {
        if (b == null || b.isNull()) {
            return null;
        }
        return new BreakerSettings(b.get("consecutive_failures_to_open").asInt(), b.get("failure_rate_to_open").asDouble(),
                Duration.ofSeconds(b.get("rate_window_s").asLong()), b.get("minimum_attempts").asInt(),
                Duration.ofSeconds(b.get("probe_after_s").asLong()), b.get("successes_to_close").asInt(),
                Duration.ofSeconds(b.get("disable_after_s").asLong()));
    }

    private static Instant instantOrNull(String value) {
        return value == null ? null : Instant.parse(value);
    }

    private static String text(JsonNode d, String field) {
        JsonNode v = d.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
