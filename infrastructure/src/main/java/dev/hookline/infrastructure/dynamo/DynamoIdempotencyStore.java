package dev.hookline.infrastructure.dynamo;

import dev.hookline.core.delivery.IdempotencyStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static dev.hookline.infrastructure.dynamo.Attr.s;

/**
 * Idempotency claims by conditional update. DynamoDB deletes expired items only eventually (and DynamoDB
 * Local never), so an expired claim is treated as absent by the condition itself. An in-progress claim
 * expires after a minute, so a request that died mid-way does not block its key for the whole window - and it
 * keeps the message id it chose, so the retry after it names the same event rather than publishing another.
 * The claiming request is written down as {@code holder} (its fresh id): when the SDK retries a claim whose answer
 * was lost, the retry fails its condition against the request's own claim, and the holder tells it the claim is its.
 */
public final class DynamoIdempotencyStore implements IdempotencyStore {
    static final Duration IN_PROGRESS_LEASE = Duration.ofSeconds(60);

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoIdempotencyStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Claim claim(String scopedKey, String freshMessageId, Instant now, Instant expiresAt) {
        try {
            // A completed item holds no message id, so a claim after its window starts afresh; an in-progress item
            // whose request died keeps its id, and the retry carries on with it.
            Map<String, AttributeValue> item = dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(Map.of("pk", s(scopedKey)))
                    .updateExpression("SET #st = :progress, expires_at = :lease, #holder = :fresh, "
                            + "message_id = if_not_exists(message_id, :fresh)")
                    .conditionExpression("attribute_not_exists(pk) OR expires_at < :now")
                    .expressionAttributeNames(Map.of("#st", "state", "#holder", "holder"))
                    .expressionAttributeValues(Map.of(":progress", s("in_progress"), ":fresh", s(freshMessageId),
                            ":lease", Attr.n(now.plus(IN_PROGRESS_LEASE).getEpochSecond()),
                            ":now", Attr.n(now.getEpochSecond())))
                    .returnValues(ReturnValue.ALL_OLD).build()).attributes();
            String earlier = item == null ? null : Attr.str(item, "message_id");
            return earlier == null ? new Claimed(freshMessageId, false) : new Claimed(earlier, true);
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder().tableName(table)
                    .key(Map.of("pk", s(scopedKey))).consistentRead(true).build()).item();
            if (item != null && "done".equals(Attr.str(item, "state"))) {
                return new Completed(Attr.str(item, "response"));
            }
            if (item != null && "in_progress".equals(Attr.str(item, "state"))
                    && freshMessageId.equals(Attr.str(item, "holder"))) {
                String messageId = Attr.str(item, "message_id"); // an earlier try of this very request landed
                return new Claimed(messageId, !freshMessageId.equals(messageId));
            }
            long until = item == null ? now.plus(IN_PROGRESS_LEASE).getEpochSecond() : Attr.num(item, "expires_at", now.getEpochSecond());
            return new InProgress(Instant.ofEpochSecond(until));
        }
    }

    @Override
    public void complete(String scopedKey, String response, Instant expiresAt) {
        dynamo.putItem(PutItemRequest.builder().tableName(table)
                .item(Map.of("pk", s(scopedKey), "state", s("done"), "response", s(response),
                        "expires_at", Attr.n(expiresAt.getEpochSecond()))).build());
    }

    @Override
    public void release(String scopedKey) {
        dynamo.deleteItem(DeleteItemRequest.builder().tableName(table).key(Map.of("pk", s(scopedKey))).build());
    }
}
