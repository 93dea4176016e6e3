package dev.hookline.infrastructure.dynamo;

import dev.hookline.core.delivery.Message;
import dev.hookline.core.delivery.MessageStore;
import dev.hookline.core.schedule.DueIndex;
import dev.hookline.infrastructure.concurrent.Parallel;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.hookline.infrastructure.dynamo.Attr.s;

/**
 * Messages in the deliveries table, expiring with the retention period (TTL on {@code expires_at}). The item is
 * the outbox: {@code outbox = ready} on a new item, or a change from {@code scheduled} to {@code ready}, is what
 * the fan-out function's stream filter (template.yaml) passes on. A scheduled message also carries a due-index
 * entry at its timestamp, which the release removes in the same write.
 */
public final class DynamoMessageStore implements MessageStore {
    static final String OUTBOX = "outbox";
    static final String READY = "ready";
    static final String SCHEDULED = "scheduled";
    private static final int BATCH = 25;

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
        item.put("timestamp", Attr.time(m.timestamp()));
        item.put("expires_at", Attr.n(m.expiresAt().getEpochSecond()));
        item.put(OUTBOX, s(outbox));
        return item;
    }

    /** The message of an item, read from the table or from a change stream's image of it. */
    public static Message read(Map<String, AttributeValue> item) {
        Instant expires = Instant.ofEpochSecond(Attr.num(item, "expires_at", Long.MAX_VALUE / 2));
        return new Message(Attr.str(item, "id"), Attr.str(item, "tenant_id"), Attr.str(item, "type"),
                Attr.str(item, "data"), Attr.instant(item, "timestamp"), expires);
    }
}
