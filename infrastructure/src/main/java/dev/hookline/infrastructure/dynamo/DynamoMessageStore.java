package dev.hookline.infrastructure.dynamo;

import dev.hookline.core.delivery.Message;
import dev.hookline.core.delivery.MessageStore;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.ProblemType;
import dev.hookline.core.schedule.DueIndex;
import dev.hookline.infrastructure.concurrent.Parallel;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static dev.hookline.infrastructure.dynamo.Attr.s;

/**
 * Messages in the deliveries table, expiring with the retention period (TTL on {@code expires_at}). The item is
 * the outbox: {@code outbox = ready} on a new item, or a change from {@code scheduled} to {@code ready}, is what
 * the fan-out function's stream filter (template.yaml) passes on. A scheduled message also carries a due-index
 * entry at its timestamp, which the release removes in the same write.
 *
 * <p>Index {@code recent} lists a tenant's messages newest first ({@code recent_pk = T#<tenant>#MSGS},
 * {@code recent_sk = <timestamp>#<id>}). It projects only id, type and timestamp: a message's data can be large, and
 * an index holding it would cost a write unit per KB of every event published.
 */
public final class DynamoMessageStore implements MessageStore {
    static final String OUTBOX = "outbox";
    static final String READY = "ready";
    static final String SCHEDULED = "scheduled";
    static final String RECENT_INDEX = "recent";
    private static final int BATCH = 25;
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
        try {
            dynamo.putItem(PutItemRequest.builder().tableName(table).item(item(m, READY))
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
    public void createAll(List<Message> messages) {
        List<List<WriteRequest>> batches = new ArrayList<>();
        for (int i = 0; i < messages.size(); i += BATCH) {
            batches.add(messages.subList(i, Math.min(i + BATCH, messages.size())).stream()
                    .map(m -> WriteRequest.builder().putRequest(PutRequest.builder().item(item(m, READY)).build()).build())
                    .toList());
        }
        // Independent items: several batches at once, so thousands of records publish within the ingest timeout.
        Parallel.runAll(batches.stream().<Runnable>map(batch -> () -> writeAll(batch)).toList(), 8);
    }

    private void writeAll(List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
        for (int tries = 0; !pending.isEmpty(); tries++) {
            if (tries == 8) {
                throw new IllegalStateException("DynamoDB left " + pending.get(table).size() + " messages unwritten");
            }
            if (tries > 0) {
                backoff(tries);
            }
            pending = dynamo.batchWriteItem(BatchWriteItemRequest.builder().requestItems(pending).build()).unprocessedItems();
        }
    }

    /** DynamoDB's advice for unprocessed items: back off exponentially before resubmitting them. */
    private static void backoff(int tries) {
        try {
            Thread.sleep(Math.min(1_000L, 25L << tries));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while storing messages", e);
        }
    }

    @Override
    public void createScheduled(Message m) {
        Map<String, AttributeValue> item = item(m, SCHEDULED);
        item.putAll(DueAttributes.of(DueIndex.Kind.MESSAGE, m.id(), m.timestamp()));
        dynamo.putItem(PutItemRequest.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(pk)").build());
    }

    @Override
    public boolean release(String tenantId, String messageId) {
        try {
            dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(Attr.key(messagePk(tenantId, messageId), "MSG"))
                    .updateExpression("SET #outbox = :ready REMOVE #shard, #at")
                    .conditionExpression("#outbox = :scheduled")
                    .expressionAttributeNames(Map.of("#outbox", OUTBOX, "#shard", DueAttributes.SHARD, "#at", DueAttributes.AT))
                    .expressionAttributeValues(Map.of(":ready", s(READY), ":scheduled", s(SCHEDULED))).build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Optional<Message> get(String tenantId, String messageId) {
        Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder().tableName(table)
                .key(Attr.key(messagePk(tenantId, messageId), "MSG")).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(read(item));
    }

    /** A ready message's item, for writing it in another store's transaction (a platform event with its cause). */
    static Map<String, AttributeValue> readyItem(Message m) {
        return item(m, READY);
    }

    private static Map<String, AttributeValue> item(Message m, String outbox) {
        Map<String, AttributeValue> item = new HashMap<>(Attr.key(messagePk(m.tenantId(), m.id()), "MSG"));
        item.put("id", s(m.id()));
        item.put("tenant_id", s(m.tenantId()));
        item.put("type", s(m.type()));
        item.put("data", s(m.dataJson()));
        if (m.category() != null) {
            item.put("category", s(m.category()));
        }
        if (m.metadataJson() != null) {
            item.put("metadata", s(m.metadataJson()));
        }
        item.put("timestamp", Attr.time(m.timestamp()));
        item.put("expires_at", Attr.n(m.expiresAt().getEpochSecond()));
        item.put("recent_pk", s(recentPk(m.tenantId())));
        item.put("recent_sk", s(recentSk(m.timestamp(), m.id())));
        item.put(OUTBOX, s(outbox));
        return item;
    }

    /** The message of an item, read from the table or from a change stream's image of it. */
    public static Message read(Map<String, AttributeValue> item) {
        Instant expires = Instant.ofEpochSecond(Attr.num(item, "expires_at", Long.MAX_VALUE / 2));
        return new Message(Attr.str(item, "id"), Attr.str(item, "tenant_id"), Attr.str(item, "type"),
                Attr.str(item, "data"), Attr.instant(item, "timestamp"), expires, Attr.str(item, "category"),
                Attr.str(item, "metadata"));
    }
}
