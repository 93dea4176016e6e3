package dev.hookline.infrastructure.dynamo;

import dev.hookline.core.inbound.DedupStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Instant;
import java.util.Map;

import static dev.hookline.infrastructure.dynamo.Attr.s;

/**
 * Inbound dedup claims in the idempotency table: {@code pk} is the scoped key; the item holds the record id,
 * a {@code state} (pending, done, released), the pending call's {@code lease_until}, and {@code expires_at}
 * (the dedup window, also the TTL). A new key is claimed by conditional put; a released key, or a pending one
 * whose lease ran out, is taken over by an update fenced on what was read, keeping its record id. As in
 * {@link DynamoIdempotencyStore}, an expired item counts as absent in the condition itself (TTL deletes late,
 * and DynamoDB Local never). Items written before leases existed have no state: they count as done.
 * <p>
 * Who holds a pending claim is written down: {@code holder} is the claiming call's fresh id (unique per call). The
 * SDK retries a write whose answer was lost (a timeout, a 5xx) although the first try may have landed; the retry then
 * fails its condition against this call's own item. Deciding by the holder, not by which try succeeded, keeps such a
 * call the holder instead of telling it that it is in flight behind itself.
 */
public final class DynamoDedupStore implements DedupStore {
    private static final String PENDING = "pending";
    private static final String DONE = "done";
    private static final String RELEASED = "released";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDedupStore(DynamoDbClient dynamo, String idempotencyTable) {
        this.dynamo = dynamo;
        this.table = idempotencyTable;
    }

    @Override
    public Claim claim(String scopedKey, String freshId, Instant now, Instant leaseUntil, Instant expiresAt) {
        for (int tries = 0; ; tries++) {
            Map<String, AttributeValue> old;
            try {
                dynamo.putItem(PutItemRequest.builder().tableName(table)
                        .item(Map.of("pk", s(scopedKey), "kind", s("dedup"), "record_id", s(freshId), "state", s(PENDING),
                                "holder", s(freshId), "lease_until", Attr.time(leaseUntil),
                                "expires_at", Attr.n(expiresAt.getEpochSecond())))
                        .conditionExpression("attribute_not_exists(pk) OR expires_at < :now")
                        .expressionAttributeValues(Map.of(":now", Attr.n(now.getEpochSecond())))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build());
                return new Claimed(freshId, false);
            } catch (ConditionalCheckFailedException e) {
                old = e.hasItem() ? e.item() : Map.of();
            }
            String recordId = Attr.str(old, "record_id");
            String state = Attr.str(old, "state");
            Instant lease = Attr.instant(old, "lease_until");
            if (recordId != null && PENDING.equals(state) && freshId.equals(Attr.str(old, "holder"))) {
                // An earlier try of this very call landed (its put, or its take-over below): the claim is ours.
                return new Claimed(recordId, !recordId.equals(freshId));
            }
            if (recordId != null && (state == null || DONE.equals(state))) {
                return new Done(recordId);
            }
            if (recordId != null && PENDING.equals(state) && lease != null && !lease.isBefore(now)) {
                return new InFlight(recordId, lease);
            }
            if (recordId != null && takeOver(scopedKey, freshId, state, lease, leaseUntil, expiresAt)) {
                return new Claimed(recordId, true);
            }
            // The take-over lost its fence (another call moved first, or this call's own earlier try did): the next
            // put reads the item again and decides by its holder.
            if (tries >= 4) {
                throw new IllegalStateException("The dedup claim kept changing under this call");
            }
        }
    }

    /** A released key, or a pending one whose call died: this call carries on with its record id. */
    private boolean takeOver(String scopedKey, String holder, String seenState, Instant seenLease, Instant leaseUntil,
                             Instant expiresAt) {
        String fence = seenLease == null ? "#st = :seen AND attribute_not_exists(lease_until)"
                : "#st = :seen AND lease_until = :seenLease";
        Map<String, AttributeValue> values = new java.util.HashMap<>(Map.of(":seen", s(seenState), ":pending", s(PENDING),
                ":holder", s(holder), ":lease", Attr.time(leaseUntil), ":expires", Attr.n(expiresAt.getEpochSecond())));
        if (seenLease != null) {
            values.put(":seenLease", Attr.time(seenLease));
        }
        try {
            dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(Map.of("pk", s(scopedKey)))
                    .updateExpression("SET #st = :pending, #holder = :holder, lease_until = :lease, expires_at = :expires")
                    .conditionExpression(fence)
                    .expressionAttributeNames(Map.of("#st", "state", "#holder", "holder"))
                    .expressionAttributeValues(values).build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void commit(String scopedKey, String recordId, Instant expiresAt) {
        try {
            dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(Map.of("pk", s(scopedKey)))
                    .updateExpression("SET #st = :done, expires_at = :expires REMOVE lease_until")
                    .conditionExpression("record_id = :id")
                    .expressionAttributeNames(Map.of("#st", "state"))
                    .expressionAttributeValues(Map.of(":done", s(DONE), ":id", s(recordId),
                            ":expires", Attr.n(expiresAt.getEpochSecond())))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build());
        } catch (ConditionalCheckFailedException e) {
            throw new IllegalStateException("The dedup claim " + scopedKey + " is no longer " + recordId + "'s: "
                    + (e.hasItem() ? e.item() : "gone"), e);
        }
    }

    @Override
    public void release(String scopedKey, String recordId) {
        try {
            dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(Map.of("pk", s(scopedKey)))
                    .updateExpression("SET #st = :released REMOVE lease_until")
                    .conditionExpression("record_id = :id AND #st = :pending")
                    .expressionAttributeNames(Map.of("#st", "state"))
                    .expressionAttributeValues(Map.of(":released", s(RELEASED), ":pending", s(PENDING), ":id", s(recordId)))
                    .build());
        } catch (ConditionalCheckFailedException ignored) {
            // Committed by a retry that took over meanwhile, or expired: nothing of ours to release.
        }
    }
}
