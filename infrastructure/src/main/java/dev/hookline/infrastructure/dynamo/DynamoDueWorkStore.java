package dev.hookline.infrastructure.dynamo;

import dev.hookline.core.schedule.DueWork;
import dev.hookline.core.schedule.DueWorkStore;
import dev.hookline.core.schedule.WorkQueue;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.hookline.infrastructure.dynamo.Attr.s;
import static dev.hookline.infrastructure.dynamo.Attr.str;

/**
 * Due work in the deliveries table's {@code due} index. Items spread over a few shard keys so a burst of
 * scheduled retries does not pile onto one index partition; the sweeper reads every shard.
 */
public final class DynamoDueWorkStore implements DueWorkStore {
    static final int SHARDS = 4;

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDueWorkStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void schedule(DueWork work) {
        Map<String, AttributeValue> item = new HashMap<>(Attr.key("DUE#" + work.id(), "DUE"));
        item.put("due_shard", s(shard(work.id())));
        item.put("due_at", Attr.time(work.dueAt()));
        item.put("queue", s(work.queue().name()));
        item.put("body", s(work.body()));
        dynamo.putItem(PutItemRequest.builder().tableName(table).item(item).build());
    }

    @Override
    public List<DueWork> due(Instant now, int limit) {
        List<DueWork> out = new ArrayList<>();
        for (int shard = 0; shard < SHARDS; shard++) {
            var items = dynamo.query(QueryRequest.builder().tableName(table).indexName("due")
                    .keyConditionExpression("due_shard = :shard AND due_at <= :now")
                    .expressionAttributeValues(Map.of(":shard", s("due#" + shard), ":now", Attr.time(now)))
                    .limit(limit).build()).items();
            for (Map<String, AttributeValue> item : items) {
                out.add(new DueWork(str(item, "pk").substring(4), Attr.instant(item, "due_at"),
                        WorkQueue.valueOf(str(item, "queue")), str(item, "body")));
            }
        }
        out.sort(Comparator.comparing(DueWork::dueAt));
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    @Override
    public boolean remove(DueWork work) {
        try {
            dynamo.deleteItem(DeleteItemRequest.builder().tableName(table).key(Attr.key("DUE#" + work.id(), "DUE"))
                    .conditionExpression("attribute_exists(pk)").build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Spreads items over the shards by id; within a shard the range key due_at is fixed-width (Attr.time), so it sorts as time. */
    private static String shard(String id) {
        return "due#" + Math.floorMod(id.hashCode(), SHARDS);
    }
}
