package dev.hookline.infrastructure.dynamo;

import dev.hookline.core.delivery.EndpointPace;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The shared slow-endpoint mark, one small item per endpoint in the deliveries table
 * ({@code T#<tenant>#EP#<endpoint>#PACE / PACE}) that expires by TTL a day after the mark ends. Reads are eventually
 * consistent: a mark a moment late costs one more send in the fast lane, never a lost delivery.
 */
public final class DynamoEndpointPace implements EndpointPace {
    private static final Duration KEEP_AFTER = Duration.ofDays(1);

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoEndpointPace(DynamoDbClient dynamo, String deliveriesTable) {
        this.dynamo = dynamo;
        this.table = deliveriesTable;
    }

    static Map<String, AttributeValue> key(String tenantId, String endpointId) {
        return Attr.key("T#" + tenantId + "#EP#" + endpointId + "#PACE", "PACE");
    }

    @Override
    public Optional<Instant> slowUntil(String tenantId, String endpointId) {
        Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder().tableName(table)
                .key(key(tenantId, endpointId)).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.ofNullable(Attr.instant(item, "slow_until"));
    }

    @Override
    public void markSlow(String tenantId, String endpointId, Instant until) {
        Map<String, AttributeValue> item = new HashMap<>(key(tenantId, endpointId));
        item.put("slow_until", Attr.time(until));
        item.put("expires_at", Attr.n(until.plus(KEEP_AFTER).getEpochSecond()));
        dynamo.putItem(PutItemRequest.builder().tableName(table).item(item).build());
    }

    @Override
    public void clear(String tenantId, String endpointId) {
        dynamo.deleteItem(DeleteItemRequest.builder().tableName(table).key(key(tenantId, endpointId)).build());
    }
}
