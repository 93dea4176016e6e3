package dev.hookline.infrastructure.dynamo;

import dev.hookline.core.wire.WireJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.inbound.run.Run;
import dev.hookline.core.inbound.run.RunStore;
import dev.hookline.core.inbound.trigger.Violation;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.hookline.infrastructure.dynamo.Attr.s;
import static dev.hookline.infrastructure.dynamo.Attr.str;

/**
 * Pipeline runs in the deliveries table ({@code T#<tenant>#RUN#<id>} / {@code RUN}), expiring with the
 * retention window. Index gsi1 lists a tenant's runs newest first ({@code T#<tenant>#RUNS} /
 * {@code <receivedAt>#<id>}); the source and status filters are filter expressions on that listing.
 * Status changes are conditional on the status the caller saw.
 */
public final class DynamoRunStore implements RunStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SK = "RUN";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoRunStore(DynamoDbClient dynamo, String deliveriesTable) {
        this.dynamo = dynamo;
        this.table = deliveriesTable;
    }

    static String runPk(String tenantId, String runId) {
        return "T#" + tenantId + "#RUN#" + runId;
    }

    private static String tenantIndexPk(String tenantId) {
        return "T#" + tenantId + "#RUNS";
    }

    @Override
    public boolean create(Run run) {
        try {
            dynamo.putItem(PutItemRequest.builder().tableName(table).item(item(run))
                    .conditionExpression("attribute_not_exists(pk)").build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Optional<Run> get(String tenantId, String runId) {
        Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder().tableName(table)
                .key(Attr.key(runPk(tenantId, runId), SK)).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(read(item));
    }

    @Override
    public boolean transition(String tenantId, String runId, String from, String to, String detail, Instant at) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":from", s(from));
        values.put(":to", s(to));
        values.put(":at", Attr.time(at));
        String set = "SET #st = :to, updated_at = :at";
        if (detail != null) {
            set += ", detail = :detail";
            values.put(":detail", s(detail));
        }
        try {
            dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(Attr.key(runPk(tenantId, runId), SK))
                    .updateExpression(set)
                    .conditionExpression("attribute_exists(pk) AND #st = :from")
                    .expressionAttributeNames(Map.of("#st", "status"))
                    .expressionAttributeValues(values).build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Newest first. Filtered queries may read several index pages to fill one listing page; the cursor is
     * the index key of the last run returned, and is null only when no further matching run exists.
     */
    @Override
    public RunPage list(String tenantId, String sourceId, String status, String cursor, int limit) {
        Map<String, AttributeValue> start = IndexCursor.start(cursor, tenantIndexPk(tenantId));
        List<Run> out = new ArrayList<>();
        Map<String, AttributeValue> lastKey = null;
        boolean more = false;
        int pageSize = Math.max(limit + 1, 25);
        do {
            QueryResponse page = dynamo.query(QueryRequest.builder().tableName(table).indexName("gsi1")
                    .keyConditionExpression("gsi1pk = :pk")
                    .scanIndexForward(false)
                    .exclusiveStartKey(start)
                    .expressionAttributeValues(Map.of(":pk", s(tenantIndexPk(tenantId))))
                    .limit(pageSize).build());
            // The index holds keys only (see IndexedItems): the filters apply to the items read back.
            List<Map<String, AttributeValue>> items = IndexedItems.fetch(dynamo, table, page.items());
            for (int i = 0; i < items.size(); i++) {
                Map<String, AttributeValue> item = items.get(i);
                if (item == null || sourceId != null && !sourceId.equals(str(item, "source_id"))
                        || status != null && !status.equals(str(item, "status"))) {
                    continue;
                }
                if (out.size() == limit) {
                    more = true;
                    break;
                }
                out.add(read(item));
                lastKey = page.items().get(i);
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && !more);
        return new RunPage(out, more && lastKey != null ? IndexCursor.after(lastKey) : null);
    }

    private static Map<String, AttributeValue> item(Run r) {
        Map<String, AttributeValue> item = new HashMap<>(Attr.key(runPk(r.tenantId(), r.id()), SK));
        item.put("kind", s("run"));
        item.put("id", s(r.id()));
        item.put("tenant_id", s(r.tenantId()));
        putIf(item, "source_id", r.sourceId());
        putIf(item, "pipeline", r.pipeline());
        putIf(item, "pipeline_version", r.version());
        if (r.parameters() != null) {
            item.put("parameters", s(WireJson.write(r.parameters())));
        }
        putIf(item, "status", r.status());
        ArrayNode violations = JSON.createArrayNode();
        for (Violation v : r.violations()) {
            ObjectNode o = violations.addObject();
            o.put("field", v.field());
            o.put("message", v.message());
        }
        item.put("violations", s(WireJson.write(violations)));
        putIf(item, "detail", r.detail());
        item.put("received_at", Attr.time(r.receivedAt()));
        item.put("updated_at", Attr.time(r.updatedAt() != null ? r.updatedAt() : r.receivedAt()));
        if (r.expiresAt() != null) {
            item.put("expires_at", Attr.n(r.expiresAt().getEpochSecond()));
        }
        item.put("gsi1pk", s(tenantIndexPk(r.tenantId())));
        item.put("gsi1sk", s(Attr.sortable(r.receivedAt()) + "#" + r.id()));
        return item;
    }

    private static void putIf(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    private static Run read(Map<String, AttributeValue> i) {
        try {
            String params = str(i, "parameters");
            JsonNode parameters = params == null ? null : JSON.readTree(params);
            List<Violation> violations = new ArrayList<>();
            String stored = str(i, "violations");
            if (stored != null) {
                for (JsonNode v : JSON.readTree(stored)) {
                    violations.add(new Violation(text(v, "field"), text(v, "message")));
                }
            }
            return new Run(str(i, "id"), str(i, "tenant_id"), str(i, "source_id"), str(i, "pipeline"),
                    str(i, "pipeline_version"), parameters, str(i, "status"), violations, str(i, "detail"),
                    Attr.instant(i, "received_at"), Attr.instant(i, "updated_at"),
                    i.containsKey("expires_at") ? Instant.ofEpochSecond(Attr.num(i, "expires_at", 0)) : null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored run " + str(i, "id") + " is not readable", e);
        }
    }

    private static String text(JsonNode d, String field) {
        JsonNode v = d.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }




}
