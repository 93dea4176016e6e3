package dev.hookline.infrastructure.dynamo;

import dev.hookline.core.inbound.DedupStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static dev.hookline.infrastructure.dynamo.Attr.s;

/**
 * Inbound dedup claims in the idempotency table, by conditional put: {@code pk} is the scoped key, and
 * the item records the id of the call that claimed it. As in {@link DynamoIdempotencyStore}, an expired
 * claim counts as absent in the condition itself (TTL deletes late, and DynamoDB Local never).
 */
public final class DynamoDedupStore implements DedupStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDedupStore(DynamoDbClient dynamo, String idempotencyTable) {
        this.dynamo = dynamo;
        this.table = idempotencyTable;
    }

    @Override
    public Optional<String> claim(String scopedKey, String recordId, Instant now, Instant expiresAt) {
        // A claim released between our failed put and our read leaves nothing to report: try again.
        for (int tries = 0; ; tries++) {
            try {
                dynamo.putItem(PutItemRequest.builder().tableName(table)
                        .item(Map.of("pk", s(scopedKey), "kind", s("dedup"), "record_id", s(recordId),
                                "expires_at", Attr.n(expiresAt.getEpochSecond())))
                        .conditionExpression("attribute_not_exists(pk) OR expires_at < :now")
                        .expressionAttributeValues(Map.of(":now", Attr.n(now.getEpochSecond()))).build());
                return Optional.empty();
            } catch (ConditionalCheckFailedException e) {
                Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder().tableName(table)
                        .key(Map.of("pk", s(scopedKey))).consistentRead(true).build()).item();
                String winner = item == null ? null : Attr.str(item, "record_id");
                if (winner != null) {
                    return Optional.of(winner);
                }
                if (tries >= 4) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void release(String scopedKey) {
        dynamo.deleteItem(DeleteItemRequest.builder().tableName(table).key(Map.of("pk", s(scopedKey))).build());
    }
}
