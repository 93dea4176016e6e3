package dev.hookline.infrastructure.dynamo;

import dev.hookline.core.delivery.Message;
import dev.hookline.core.delivery.MessageStore;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.ProblemType;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static dev.hookline.infrastructure.dynamo.Attr.s;

/**
 * Messages in the deliveries table, expiring with the retention period (TTL on {@code expires_at}).
 *
 * <p>Index {@code recent} lists a tenant's messages newest first ({@code recent_pk = T#<tenant>#MSGS},
 * {@code recent_sk = <timestamp>#<id>}). It projects only id, type and timestamp: a message's data can be large, and
 * an index holding it would cost a write unit per KB of every event published.
 */
public final class DynamoMessageStore implements MessageStore {
    static final String RECENT_INDEX = "recent";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,80}");
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoMessageStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    static String messagePk(String tenantId, String messageId) {
        return "T#" + tenantId + "#MSG#" + messageId;
    }

    @Override
    public boolean create(Message m) {
        Map<String, AttributeValue> item = new HashMap<>(Attr.key(messagePk(m.tenantId(), m.id()), "MSG"));
        item.put("id", s(m.id()));
        item.put("tenant_id", s(m.tenantId()));
        item.put("type", s(m.type()));
        item.put("data", s(m.dataJson()));
        item.put("timestamp", Attr.time(m.timestamp()));
        item.put("expires_at", Attr.n(m.expiresAt().getEpochSecond()));
        item.put("recent_pk", s(recentPk(m.tenantId())));
        item.put("recent_sk", s(recentSk(m.timestamp(), m.id())));
        try {
            dynamo.putItem(PutItemRequest.builder().tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(pk)").build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    static String recentPk(String tenantId) {
        return "T#" + tenantId + "#MSGS";
    }

    private static String recentSk(Instant timestamp, String id) {
        return Attr.sortable(timestamp) + "#" + id;
    }

    @Override
    public SummaryPage page(String tenantId, String cursor, int limit) {
        QueryRequest.Builder q = QueryRequest.builder().tableName(table).indexName(RECENT_INDEX)
                .keyConditionExpression("recent_pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(recentPk(tenantId))))
                .scanIndexForward(false)
                .limit(limit + 1); // one more than asked: a full last page then ends with no cursor
        if (cursor != null && !cursor.isEmpty()) {
            q.exclusiveStartKey(start(tenantId, cursor));
        }
        QueryResponse response = dynamo.query(q.build());
        List<Map<String, AttributeValue>> items = response.items();
        List<Summary> out = items.stream().limit(limit).map(item -> new Summary(Attr.str(item, "id"),
                Attr.str(item, "type"), Attr.instant(item, "timestamp"))).toList();
        String next = items.size() > limit
                ? Base64.getUrlEncoder().withoutPadding().encodeToString(
                        items.get(limit - 1).get("recent_sk").s().getBytes(StandardCharsets.UTF_8))
                : null;
        return new SummaryPage(out, next);
    }

    /**
     * The ExclusiveStartKey a cursor stands for. The cursor holds only the last item's sort key; the partition comes
     * from the caller's tenant, so a cursor can never lead into another tenant's messages. Anything else is a 400.
     */
    private static Map<String, AttributeValue> start(String tenantId, String cursor) {
        String sk;
        try {
            sk = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw badCursor();
        }
        int hash = sk.indexOf('#');
        if (hash < 0 || !ID.matcher(sk.substring(hash + 1)).matches()) {
            throw badCursor();
        }
        try {
            Instant.parse(sk.substring(0, hash));
        } catch (java.time.format.DateTimeParseException e) {
            throw badCursor();
        }
        return Map.of("pk", s(messagePk(tenantId, sk.substring(hash + 1))), "sk", s("MSG"),
                "recent_pk", s(recentPk(tenantId)), "recent_sk", s(sk));
    }

    private static RuntimeException badCursor() {
        return Problem.of(ProblemType.BAD_REQUEST, "The cursor does not belong to this listing.").toException();
    }

    @Override
    public Optional<Message> get(String tenantId, String messageId) {
        Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder().tableName(table)
                .key(Attr.key(messagePk(tenantId, messageId), "MSG")).consistentRead(true).build()).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        Instant expires = Instant.ofEpochSecond(Attr.num(item, "expires_at", Long.MAX_VALUE / 2));
        return Optional.of(new Message(Attr.str(item, "id"), Attr.str(item, "tenant_id"), Attr.str(item, "type"),
                Attr.str(item, "data"), Attr.instant(item, "timestamp"), expires));
    }
}
