package dev.hookline.infrastructure.dynamo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.hookline.core.audit.AuditChange;
import dev.hookline.core.audit.AuditEntry;
import dev.hookline.core.audit.AuditLog;
import dev.hookline.core.audit.AuditQuery;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.hookline.infrastructure.dynamo.Attr.s;

/**
 * The audit log in the entities table: one item per entry under {@code AUDIT#<tenant>}, sorted by
 * {@code <time>#<id>} (newest first is a reverse query), expiring with the retention (TTL on {@code expires_at},
 * and filtered on read, since TTL deletes lag). One plain PutItem per action (under 1 KB for most diffs: 1 write unit).
 *
 * <p>The time range is the key condition; action, target and actor are filters, so a page examines at most
 * {@link #MAX_EXAMINED} entries and may come back short with a cursor: the cursor is the last examined sort key,
 * under the caller's own partition, so it can never reach another tenant's entries.
 */
public final class DynamoAuditLog implements AuditLog {
    static final int MAX_EXAMINED = 1000;
    private static final int CALL_LIMIT = 200;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SORT_KEY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{9}Z#aud_[0-9A-Z]{26}");

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoAuditLog(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    static String partition(String tenantId) {
        return "AUDIT#" + tenantId;
    }

    private static String sortKey(AuditEntry e) {
        return Attr.sortable(e.at()) + "#" + e.id();
    }

    @Override
    public void record(AuditEntry e) {
        Map<String, AttributeValue> item = new HashMap<>(Attr.key(partition(e.tenantId()), sortKey(e)));
        item.put("kind", s("audit"));
        item.put("id", s(e.id()));
        item.put("tenant_id", s(e.tenantId()));
        item.put("actor", s(e.actor()));
        item.put("at", Attr.time(e.at()));
        item.put("action", s(e.action()));
        item.put("target_kind", s(e.targetKind()));
        item.put("target_id", s(e.targetId()));
        item.put("changes", s(changesJson(e.changes())));
        item.put("expires_at", Attr.n(e.expiresAt().getEpochSecond()));
        dynamo.putItem(PutItemRequest.builder().tableName(table).item(item).build());
    }

    @Override
    public void withdraw(AuditEntry e) {
        dynamo.deleteItem(DeleteItemRequest.builder().tableName(table).key(Attr.key(partition(e.tenantId()), sortKey(e)))
                .build());
    }

    @Override
    public Page page(String tenantId, AuditQuery query, String cursor, int limit, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        values.put(":pk", s(partition(tenantId)));
        values.put(":from", s(query.from() == null ? "0" : Attr.sortable(query.from())));
        // "#" sorts before every id character: "<to>#…" is below "<to>" plus anything, so the bound excludes `to`.
        values.put(":to", s(query.to() == null ? "9" : Attr.sortable(query.to())));
        values.put(":now", Attr.n(now.getEpochSecond()));
        List<String> filters = new ArrayList<>(List.of("expires_at > :now"));
        filter(filters, values, names, "action", query.action());
        filter(filters, values, names, "target_kind", query.targetKind());
        filter(filters, values, names, "target_id", query.targetId());
        filter(filters, values, names, "actor", query.actor());
        Map<String, AttributeValue> start = cursor == null ? null : start(tenantId, cursor);
        List<AuditEntry> out = new ArrayList<>();
        int examined = 0;
        String lastExamined = null;
        while (true) {
            QueryRequest.Builder q = QueryRequest.builder().tableName(table)
                    .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                    .filterExpression(String.join(" AND ", filters))
                    .expressionAttributeValues(values)
                    .scanIndexForward(false)
                    .limit(Math.min(CALL_LIMIT, MAX_EXAMINED - examined));
            if (!names.isEmpty()) {
                q.expressionAttributeNames(names);
            }
            if (start != null) {
                q.exclusiveStartKey(start);
            }
            QueryResponse response = dynamo.query(q.build());
            examined += response.scannedCount();
            for (Map<String, AttributeValue> item : response.items()) {
                if (out.size() == limit) {
                    // One more match exists: the page ends at the last one returned.
                    return new Page(out, Attr.str(lastReturned(out), "sk"));
                }
                out.add(read(item));
            }
            boolean more = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty();
            if (!more) {
                return new Page(out, null);
            }
            start = response.lastEvaluatedKey();
            lastExamined = start.get("sk").s();
            if (examined >= MAX_EXAMINED) {
                return new Page(out, lastExamined);
            }
        }
    }

    private static Map<String, AttributeValue> lastReturned(List<AuditEntry> out) {
        return Map.of("sk", s(sortKey(out.getLast())));
    }

    private static void filter(List<String> filters, Map<String, AttributeValue> values, Map<String, String> names,
                               String attribute, String value) {
        if (value != null) {
            names.put("#" + attribute, attribute);
            values.put(":" + attribute, s(value));
            filters.add("#" + attribute + " = :" + attribute);
        }
    }

    /** The position after which the next page starts; the partition is always the caller's. */
    private static Map<String, AttributeValue> start(String tenantId, String cursor) {
        if (!SORT_KEY.matcher(cursor).matches()) {
            throw dev.hookline.core.problem.Problem.invalid("The cursor does not belong to this listing.", List.of(
                    new dev.hookline.core.problem.Problem.FieldError("cursor", "must be a next_cursor from this same listing")))
                    .toException();
        }
        return Attr.key(partition(tenantId), cursor);
    }

    private static String changesJson(List<AuditChange> changes) {
        ArrayNode array = JSON.createArrayNode();
        for (AuditChange c : changes) {
            var node = array.addObject().put("field", c.field());
            node.set("before", c.before());
            node.set("after", c.after());
        }
        return array.toString();
    }

    private static AuditEntry read(Map<String, AttributeValue> item) {
        List<AuditChange> changes = new ArrayList<>();
        try {
            for (JsonNode c : JSON.readTree(Attr.str(item, "changes"))) {
                changes.add(new AuditChange(c.get("field").asText(), nullIfNull(c.get("before")), nullIfNull(c.get("after"))));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An audit entry's changes are not JSON", e);
        }
        return new AuditEntry(Attr.str(item, "id"), Attr.str(item, "tenant_id"), Attr.str(item, "actor"),
                Attr.instant(item, "at"), Attr.str(item, "action"), Attr.str(item, "target_kind"),
                Attr.str(item, "target_id"), changes, Instant.ofEpochSecond(Attr.num(item, "expires_at", 0)));
    }

    private static JsonNode nullIfNull(JsonNode n) {
        return n == null || n.isNull() ? null : n;
    }
}
