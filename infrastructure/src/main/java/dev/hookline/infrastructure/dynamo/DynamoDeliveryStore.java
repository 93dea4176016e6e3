package dev.hookline.infrastructure.dynamo;

import dev.hookline.core.delivery.Attempt;
import dev.hookline.core.delivery.Delivery;
import dev.hookline.core.delivery.DeliveryStatus;
import dev.hookline.core.delivery.DeliveryStore;
import dev.hookline.core.delivery.Message;
import dev.hookline.core.fault.FaultPoint;
import dev.hookline.core.fault.Faults;
import dev.hookline.core.schedule.DueIndex;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.hookline.infrastructure.dynamo.Attr.s;
import static dev.hookline.infrastructure.dynamo.Attr.str;

/**
 * Deliveries in the deliveries table: the delivery ({@code T#t#DLV#id / DLV}), its attempts
 * ({@code ATT#00001…}), and a pointer from (message, endpoint) that makes fan-out create it only once.
 * Index gsi1 (keys only) lists an endpoint's deliveries by creation time. Every state change is conditional. A push
 * delivery owed an attempt carries its {@link DueAttributes due-index entry}, set and cleared by the same writes that change
 * its state, so the scheduler can always find what should have happened by now.
 *
 * <p>A pull delivery ({@code pull = true}) is never in the due index as owed an attempt: nobody sends it, its
 * receiver fetches it, so it waiting unpulled is not something the scheduler could repair. It is in the sparse
 * index {@code pull} while it waits for its receiver: {@code pull_pk} is its endpoint, {@code pull_due} the time
 * it is due (or its lease ends) then its id, so one query per endpoint finds what is due, oldest first. A lease
 * is {@code lease_token}, {@code leased_at} and {@code lease_until}, taken and ended by conditional writes only;
 * while it runs the delivery has a {@link DueIndex.Kind#PULL_LEASE} entry at its end, so an unacknowledged lease
 * is recorded as a failed attempt even if no receiver pulls again.
 */
public final class DynamoDeliveryStore implements DeliveryStore {
    private static final AttributeValue TRUE = AttributeValue.fromBool(true);
    private static final AttributeValue FALSE = AttributeValue.fromBool(false);

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDeliveryStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    static String deliveryPk(String tenantId, String deliveryId) {
        return "T#" + tenantId + "#DLV#" + deliveryId;
    }

    private static String endpointIndexPk(String tenantId, String endpointId) {
        return "T#" + tenantId + "#EP#" + endpointId;
    }

    /**
     * Two single conditional writes instead of one transaction (which bills every item twice): first the pointer
     * (message, endpoint) -> delivery id, which decides which delivery exists, then the delivery. A crash between them
     * leaves a pointer whose delivery is missing; the fan-out that runs again finds it and writes the delivery under
     * the pointer's id, so there is never a second delivery for the same message and endpoint.
     */
    @Override
    public Created createOnce(Delivery d) {
        Map<String, AttributeValue> pointerKey = Attr.key(DynamoMessageStore.messagePk(d.tenantId(), d.messageId()),
                "EP#" + d.endpointId());
        Map<String, AttributeValue> pointer = new HashMap<>(pointerKey);
        pointer.put("delivery_id", s(d.id()));
        pointer.put("expires_at", Attr.n(d.expiresAt().getEpochSecond()));
        Delivery owed = d;
        try {
            dynamo.putItem(PutItemRequest.builder().tableName(table).item(pointer)
                    .conditionExpression("attribute_not_exists(pk)").build());
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> existing = dynamo.getItem(GetItemRequest.builder().tableName(table)
                    .key(pointerKey).consistentRead(true).build()).item();
            String id = str(existing, "delivery_id");
            Optional<Delivery> stored = get(d.tenantId(), id);
            if (stored.isPresent()) {
                return new Created(stored.get(), false);
            }
            owed = new Delivery(id, d.tenantId(), d.messageId(), d.endpointId(), d.eventType(), d.status(),
                    d.attemptCount(), d.nextAttemptAt(), d.parked(), d.lastError(), d.createdAt(), d.updatedAt(),
                    d.expiresAt());
        }
        Faults.at(FaultPoint.FANOUT_BETWEEN_POINTER_AND_DELIVERY);
        try {
            dynamo.putItem(PutItemRequest.builder().tableName(table).item(item(owed))
                    .conditionExpression("attribute_not_exists(pk)").build());
            return new Created(owed, true);
        } catch (ConditionalCheckFailedException e) {
            return new Created(get(owed.tenantId(), owed.id()).orElseThrow(), false); // written by a racing fan-out
        }
    }

    @Override
    public Optional<Delivery> get(String tenantId, String deliveryId) {
        Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder().tableName(table)
                .key(Attr.key(deliveryPk(tenantId, deliveryId), "DLV")).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(read(item));
    }

    @Override
    public Claim claim(String tenantId, String deliveryId, Instant now, Instant leaseUntil) {
        try {
            Map<String, AttributeValue> item = dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(Attr.key(deliveryPk(tenantId, deliveryId), "DLV"))
                    .updateExpression("SET lease_until = :lease")
                    .conditionExpression("attribute_exists(pk) AND #st <> :ok AND #st <> :dead AND parked = :false"
                            + " AND (attribute_not_exists(next_attempt_at) OR next_attempt_at <= :now)"
                            + " AND (attribute_not_exists(lease_until) OR lease_until < :now)"
                            + " AND attribute_not_exists(pull)")
                    .expressionAttributeNames(Map.of("#st", "status"))
                    .expressionAttributeValues(Map.of(":lease", Attr.time(leaseUntil), ":now", Attr.time(now),
                            ":ok", s(DeliveryStatus.SUCCEEDED.wire()), ":dead", s(DeliveryStatus.DEAD_LETTERED.wire()),
                            ":false", FALSE))
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build()).attributes();
            return new Claimed(read(item));
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = e.hasItem() ? e.item() : null;
            if (old == null || old.isEmpty()) {
                return new Refused();
            }
            Delivery d = read(old);
            if (d.pull()) {
                return new Refused(); // only its receiver's lease attempts a pull delivery
            }
            if (d.status().isFinal() || d.parked()) {
                return new Refused();
            }
            Instant lease = Attr.instant(old, "lease_until");
            if (lease != null && !lease.isBefore(now)) {
                return new Leased(d, lease);
            }
            boolean notDue = d.nextAttemptAt() != null && d.nextAttemptAt().isAfter(now);
            return notDue ? new NotDue(d) : new Refused();
        }
    }

    @Override
    public void release(String tenantId, String deliveryId) {
        try {
            dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(Attr.key(deliveryPk(tenantId, deliveryId), "DLV"))
                    .updateExpression("REMOVE lease_until, " + DueAttributes.SHARD + ", " + DueAttributes.AT)
                    .conditionExpression("attribute_exists(pk)").build());
        } catch (ConditionalCheckFailedException ignored) {
            // Deleted meanwhile: nothing to release.
        }
    }

    @Override
    public void reschedule(String tenantId, String deliveryId, Instant at, Instant now) {
        try {
            dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(Attr.key(deliveryPk(tenantId, deliveryId), "DLV"))
                    .updateExpression("SET next_attempt_at = :at, updated_at = :now, #shard = :shard, #due = :at"
                            + " REMOVE lease_until")
                    .conditionExpression("attribute_exists(pk) AND #st <> :ok AND #st <> :dead")
                    .expressionAttributeNames(Map.of("#st", "status", "#shard", DueAttributes.SHARD, "#due", DueAttributes.AT))
                    .expressionAttributeValues(Map.of(":at", Attr.time(at), ":now", Attr.time(now),
                            ":shard", s(DueAttributes.shard(DueIndex.deliveryKind(now, at), deliveryId)),
                            ":ok", s(DeliveryStatus.SUCCEEDED.wire()), ":dead", s(DeliveryStatus.DEAD_LETTERED.wire())))
                    .build());
        } catch (ConditionalCheckFailedException ignored) {
            // Deleted or finished meanwhile: nothing is owed any more.
        }
    }

    @Override
    public boolean recordAttempt(Delivery claimed, Attempt attempt, DeliveryStatus status, Instant nextAttemptAt,
                                 boolean parked, Instant now, Message event) {
        return record(claimed, attempt, status, nextAttemptAt, parked, now, event, "", Map.of(), "", "");
    }

    /**
     * The attempt item, the delivery's new state (and the platform event reporting it, if any) in one
     * transaction, if the attempt count is still the claimed one (plus {@code condition}, ANDed); releases the
     * lease. A push retry gets its due-index entry; a pull delivery never does (the pull index is its schedule),
     * and loses its lease's entry.
     */
    private boolean record(Delivery claimed, Attempt attempt, DeliveryStatus status, Instant nextAttemptAt,
                           boolean parked, Instant now, Message event, String condition,
                           Map<String, AttributeValue> conditionValues, String extraSet, String extraRemove) {
        Map<String, AttributeValue> values = new HashMap<>(conditionValues);
        values.put(":expected", Attr.n(claimed.attemptCount()));
        values.put(":n", Attr.n(attempt.n()));
        values.put(":status", s(status.wire()));
        values.put(":parked", parked ? TRUE : FALSE);
        values.put(":now", Attr.time(now));
        String set = "SET #st = :status, attempt_count = :n, parked = :parked, updated_at = :now";
        String remove = " REMOVE lease_until, requeues" + extraRemove;
        if (status == DeliveryStatus.SUCCEEDED) {
            // A success leaves no error behind (not even the word "success").
            remove += ", last_error";
        } else {
            set += ", last_error = :error";
            values.put(":error", s(attempt.error() != null ? attempt.error() : attempt.outcome()));
        }
        if (nextAttemptAt != null) {
            set += ", next_attempt_at = :next";
            values.put(":next", Attr.time(nextAttemptAt));
        } else {
            remove += ", next_attempt_at";
        }
        if (!extraSet.isEmpty()) {
            set += ", " + extraSet;
        }
        if (status == DeliveryStatus.RETRYING && !parked && nextAttemptAt != null && !claimed.pull()) {
            set += ", #shard = :shard, #due = :next";
            values.put(":shard", s(DueAttributes.shard(DueIndex.deliveryKind(now, nextAttemptAt), claimed.id())));
        } else {
            remove += ", #shard, #due";
        }
        // The attempt is kept in the delivery's own item (one write, no transaction): a list appended to.
        set += ", attempts = list_append(if_not_exists(attempts, :none), :attempt)";
        values.put(":none", AttributeValue.fromL(List.of()));
        Map<String, AttributeValue> attemptItem = new HashMap<>();
        attemptItem.put("n", Attr.n(attempt.n()));
        attemptItem.put("at", Attr.time(attempt.at()));
        if (attempt.statusCode() != null) {
            attemptItem.put("status_code", Attr.n(attempt.statusCode()));
        }
        attemptItem.put("latency_ms", Attr.n(attempt.latencyMs()));
        if (attempt.headersMs() != null) {
            attemptItem.put("headers_ms", Attr.n(attempt.headersMs()));
        }
        if (attempt.error() != null) {
            attemptItem.put("error", s(attempt.error()));
        }
        if (attempt.responseExcerpt() != null) {
            attemptItem.put("response_excerpt", s(attempt.responseExcerpt()));
        }
        attemptItem.put("outcome", s(attempt.outcome()));
        values.put(":attempt", AttributeValue.fromL(List.of(AttributeValue.fromM(attemptItem))));
        Update update = Update.builder().tableName(table)
                .key(Attr.key(deliveryPk(claimed.tenantId(), claimed.id()), "DLV"))
                .updateExpression(set + remove)
                .conditionExpression("attempt_count = :expected" + condition)
                .expressionAttributeNames(Map.of("#st", "status", "#shard", DueAttributes.SHARD, "#due", DueAttributes.AT))
                .expressionAttributeValues(values).build();
        if (event == null) {
            try {
                dynamo.updateItem(UpdateItemRequest.builder().tableName(update.tableName()).key(update.key())
                        .updateExpression(update.updateExpression()).conditionExpression(update.conditionExpression())
                        .expressionAttributeNames(update.expressionAttributeNames())
                        .expressionAttributeValues(update.expressionAttributeValues()).build());
                return true;
            } catch (ConditionalCheckFailedException e) {
                return false;
            }
        }
        // A platform event exists exactly when the change it reports does: then, and only then, a transaction.
        try {
            dynamo.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(
                    TransactWriteItem.builder().update(update).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(DynamoMessageStore.readyItem(event))
                            .conditionExpression("attribute_not_exists(pk)").build()).build()).build());
            return true;
        } catch (TransactionCanceledException e) {
            return false;
        }
    }

    @Override
    public void park(String tenantId, String deliveryId, Instant now) {
        try {
            dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(Attr.key(deliveryPk(tenantId, deliveryId), "DLV"))
                    .updateExpression("SET parked = :true, updated_at = :now REMOVE lease_until, #shard, #due")
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeNames(Map.of("#shard", DueAttributes.SHARD, "#due", DueAttributes.AT))
                    .expressionAttributeValues(Map.of(":true", TRUE, ":now", Attr.time(now))).build());
        } catch (ConditionalCheckFailedException ignored) {
            // Deleted meanwhile: nothing to hold.
        }
    }

    @Override
    public Optional<Delivery> requeue(String tenantId, String deliveryId, Instant now) {
        return requeue(tenantId, deliveryId, now, false);
    }

    @Override
    public Optional<Delivery> unpark(String tenantId, String deliveryId, Instant now) {
        return requeue(tenantId, deliveryId, now, true);
    }

    private Optional<Delivery> requeue(String tenantId, String deliveryId, Instant now, boolean onlyParked) {
        Optional<Delivery> current = get(tenantId, deliveryId);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        DeliveryStatus status = current.get().attemptCount() == 0 ? DeliveryStatus.PENDING : DeliveryStatus.RETRYING;
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":status", s(status.wire()), ":false", FALSE,
                ":now", Attr.time(now)));
        String update = "SET #st = :status, parked = :false, next_attempt_at = :now, updated_at = :now";
        Map<String, String> names = new HashMap<>(Map.of("#st", "status"));
        if (current.get().pull()) {
            // Due now in the pull index, never queued. A lease still running keeps it (and its due-index entry):
            // its ack or expiry settles this attempt.
            update += ", pull_pk = :ppk, pull_due = :pdue";
            values.put(":ppk", s(endpointIndexPk(tenantId, current.get().endpointId())));
            values.put(":pdue", s(pullDue(now, deliveryId)));
        } else {
            update += ", #shard = :shard, #due = :now";
            names.put("#shard", DueAttributes.SHARD);
            names.put("#due", DueAttributes.AT);
            values.put(":shard", s(DueAttributes.shard(DueIndex.Kind.DELIVERY_QUEUED, deliveryId)));
        }
        update += " REMOVE requeues";
        if (onlyParked) {
            values.put(":true", TRUE);
        }
        try {
            Map<String, AttributeValue> item = dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(Attr.key(deliveryPk(tenantId, deliveryId), "DLV"))
                    .updateExpression(update)
                    .conditionExpression(onlyParked ? "attribute_exists(pk) AND parked = :true" : "attribute_exists(pk)")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW).build()).attributes();
            return Optional.of(read(item));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean queueWaiting(String tenantId, String deliveryId, Instant seenDueAt, Instant now) {
        try {
            dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(Attr.key(deliveryPk(tenantId, deliveryId), "DLV"))
                    .updateExpression("SET #shard = :queued, #due = :now")
                    .conditionExpression("#shard = :waiting AND #due = :seen")
                    .expressionAttributeNames(Map.of("#shard", DueAttributes.SHARD, "#due", DueAttributes.AT))
                    .expressionAttributeValues(Map.of(
                            ":queued", s(DueAttributes.shard(DueIndex.Kind.DELIVERY_QUEUED, deliveryId)),
                            ":waiting", s(DueAttributes.shard(DueIndex.Kind.DELIVERY_WAITING, deliveryId)),
                            ":seen", Attr.time(seenDueAt), ":now", Attr.time(now))).build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Overdue requeueOverdue(String tenantId, String deliveryId, Instant seenDueAt, Instant now, int maxRequeues,
                                  String reason) {
        Map<String, AttributeValue> key = Attr.key(deliveryPk(tenantId, deliveryId), "DLV");
        Map<String, String> names = Map.of("#shard", DueAttributes.SHARD, "#due", DueAttributes.AT, "#st", "status");
        AttributeValue queued = s(DueAttributes.shard(DueIndex.Kind.DELIVERY_QUEUED, deliveryId));
        Map<String, AttributeValue> old;
        try {
            Map<String, AttributeValue> item = dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(key)
                    .updateExpression("SET #due = :now, requeues = if_not_exists(requeues, :zero) + :one")
                    .conditionExpression("#shard = :queued AND #due = :seen AND #st <> :ok AND #st <> :dead"
                            + " AND (attribute_not_exists(requeues) OR requeues < :max)")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(Map.of(":now", Attr.time(now), ":zero", Attr.n(0), ":one", Attr.n(1),
                            ":queued", queued, ":seen", Attr.time(seenDueAt), ":max", Attr.n(maxRequeues),
                            ":ok", s(DeliveryStatus.SUCCEEDED.wire()), ":dead", s(DeliveryStatus.DEAD_LETTERED.wire())))
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).attributes();
            return new Requeued((int) Attr.num(item, "requeues", 1));
        } catch (ConditionalCheckFailedException e) {
            old = e.hasItem() ? e.item() : Map.of();
        }
        boolean stillOverdue = !old.isEmpty() && queued.equals(old.get(DueAttributes.SHARD))
                && seenDueAt.equals(Attr.instant(old, DueAttributes.AT));
        if (!stillOverdue) {
            return new MovedOn();
        }
        if (read(old).status().isFinal()) {
            // An entry that outlived its delivery's end (it cannot be owed anything): drop it.
            dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(key)
                    .updateExpression("REMOVE #shard, #due").expressionAttributeNames(Map.of("#shard", DueAttributes.SHARD,
                            "#due", DueAttributes.AT)).build());
            return new MovedOn();
        }
        try {
            Map<String, AttributeValue> item = dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(key)
                    .updateExpression("SET #st = :dead, last_error = :reason, updated_at = :now"
                            + " REMOVE #shard, #due, next_attempt_at, lease_until, requeues")
                    .conditionExpression("#shard = :queued AND #due = :seen AND #st <> :ok AND #st <> :dead")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(Map.of(":dead", s(DeliveryStatus.DEAD_LETTERED.wire()),
                            ":ok", s(DeliveryStatus.SUCCEEDED.wire()), ":reason", s(reason), ":now", Attr.time(now),
                            ":queued", queued, ":seen", Attr.time(seenDueAt)))
                    .returnValues(ReturnValue.ALL_NEW).build()).attributes();
            return new GaveUp(read(item));
        } catch (ConditionalCheckFailedException e) {
            return new MovedOn();
        }
    }

    @Override
    public List<Delivery> parked(String tenantId, String endpointId, int limit) {
        List<Delivery> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = dynamo.query(byEndpoint(tenantId, endpointId, true, start).build());
            for (Map<String, AttributeValue> item : fetch(page.items())) {
                if (out.size() < limit && item != null && item.containsKey("parked") && item.get("parked").bool()) {
                    out.add(read(item));
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && out.size() < limit);
        return out;
    }

    private List<Map<String, AttributeValue>> fetch(List<Map<String, AttributeValue>> indexItems) {
        return IndexedItems.fetch(dynamo, table, indexItems);
    }

    /**
     * The attempts kept in the delivery's item, and those an earlier version wrote as items of their own
     * ({@code ATT#nnnnn} in the same partition, until they expire): one query of the partition reads both.
     */
    @Override
    public List<Attempt> attempts(String tenantId, String deliveryId) {
        List<Attempt> out = new ArrayList<>();
        dynamo.queryPaginator(QueryRequest.builder().tableName(table).consistentRead(true)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", s(deliveryPk(tenantId, deliveryId)))).build())
                .items().forEach(i -> {
                    if (str(i, "sk").startsWith("ATT#")) {
                        out.add(attempt(i));
                    } else if (i.containsKey("attempts")) {
                        i.get("attempts").l().forEach(a -> out.add(attempt(a.m())));
                    }
                });
        out.sort(java.util.Comparator.comparingInt(Attempt::n));
        return out;
    }

    private static Attempt attempt(Map<String, AttributeValue> i) {
        return new Attempt((int) Attr.num(i, "n", 0), Attr.instant(i, "at"),
                i.containsKey("status_code") ? (int) Attr.num(i, "status_code", 0) : null,
                Attr.num(i, "latency_ms", 0), str(i, "error"), str(i, "response_excerpt"), str(i, "outcome"),
                i.containsKey("headers_ms") ? Attr.num(i, "headers_ms", 0) : null);
    }

    @Override
    public DeliveryPage listByEndpoint(String tenantId, String endpointId, DeliveryStatus status, String cursor, int limit) {
        List<Delivery> out = new ArrayList<>();
        Map<String, AttributeValue> start = IndexCursor.start(cursor, endpointIndexPk(tenantId, endpointId));
        Map<String, AttributeValue> lastKey = null;
        boolean more = false;
        do {
            QueryResponse page = dynamo.query(byEndpoint(tenantId, endpointId, false, start)
                    .limit(Math.max(limit, 25)).build());
            List<Map<String, AttributeValue>> items = fetch(page.items());
            for (int i = 0; i < items.size(); i++) {
                Map<String, AttributeValue> item = items.get(i);
                if (item == null || status != null && !status.wire().equals(str(item, "status"))) {
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
        String next = out.size() == limit && (more || start != null) ? IndexCursor.after(lastKey) : null;
        return new DeliveryPage(out, next);
    }

    private QueryRequest.Builder byEndpoint(String tenantId, String endpointId, boolean oldestFirst,
                                            Map<String, AttributeValue> start) {
        return QueryRequest.builder().tableName(table).indexName("gsi1")
                .keyConditionExpression("gsi1pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(endpointIndexPk(tenantId, endpointId))))
                .scanIndexForward(oldestFirst)
                .exclusiveStartKey(start);
    }

    @Override
    public List<Delivery> listByMessage(String tenantId, String messageId) {
        List<Delivery> out = new ArrayList<>();
        dynamo.queryPaginator(QueryRequest.builder().tableName(table).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :ep)")
                        .expressionAttributeValues(Map.of(":pk", s(DynamoMessageStore.messagePk(tenantId, messageId)),
                                ":ep", s("EP#"))).build())
                .items().forEach(p -> get(tenantId, str(p, "delivery_id")).ifPresent(out::add));
        return out;
    }

    @Override
    public int deleteByEndpoint(String tenantId, String endpointId) {
        int deleted = 0;
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (Map<String, AttributeValue> item : fetch(dynamo.queryPaginator(byEndpoint(tenantId, endpointId, true, null)
                .build()).items().stream().toList())) {
            if (item == null) {
                continue;
            }
            Delivery d = read(item);
            keys.add(Attr.key(deliveryPk(tenantId, d.id()), "DLV"));
            keys.add(Attr.key(DynamoMessageStore.messagePk(tenantId, d.messageId()), "EP#" + endpointId));
            for (int n = 1; n <= d.attemptCount(); n++) {
                keys.add(Attr.key(deliveryPk(tenantId, d.id()), "ATT#" + String.format("%05d", n)));
            }
            deleted++;
        }
        for (int i = 0; i < keys.size(); i += 25) {
            List<WriteRequest> batch = keys.subList(i, Math.min(i + 25, keys.size())).stream()
                    .map(k -> WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(k).build()).build()).toList();
            Map<String, List<WriteRequest>> pending = Map.of(table, batch);
            for (int tries = 0; !pending.isEmpty() && tries < 8; tries++) {
                pending = dynamo.batchWriteItem(BatchWriteItemRequest.builder().requestItems(pending).build()).unprocessedItems();
            }
        }
        return deleted;
    }

    private static Map<String, AttributeValue> item(Delivery d) {
        Map<String, AttributeValue> item = new HashMap<>(Attr.key(deliveryPk(d.tenantId(), d.id()), "DLV"));
        item.put("id", s(d.id()));
        item.put("tenant_id", s(d.tenantId()));
        item.put("message_id", s(d.messageId()));
        item.put("endpoint_id", s(d.endpointId()));
        item.put("event_type", s(d.eventType()));
        item.put("status", s(d.status().wire()));
        item.put("attempt_count", Attr.n(d.attemptCount()));
        if (d.nextAttemptAt() != null) {
            item.put("next_attempt_at", Attr.time(d.nextAttemptAt()));
        }
        item.put("parked", d.parked() ? TRUE : FALSE);
        item.put("created_at", Attr.time(d.createdAt()));
        item.put("updated_at", Attr.time(d.updatedAt()));
        item.put("expires_at", Attr.n(d.expiresAt().getEpochSecond()));
        item.put("gsi1pk", s(endpointIndexPk(d.tenantId(), d.endpointId())));
        item.put("gsi1sk", s(Attr.sortable(d.createdAt()) + "#" + d.id()));
        if (d.pull()) {
            item.put("pull", TRUE);
            if (!d.parked() && !d.status().isFinal()) {
                item.put("pull_pk", s(endpointIndexPk(d.tenantId(), d.endpointId())));
                item.put("pull_due", s(pullDue(d.nextAttemptAt() == null ? d.createdAt() : d.nextAttemptAt(), d.id())));
            }
        } else if (!d.parked() && !d.status().isFinal() && d.nextAttemptAt() != null) {
            item.putAll(DueAttributes.of(DueIndex.deliveryKind(d.updatedAt(), d.nextAttemptAt()), d.id(), d.nextAttemptAt()));
        }
        return item;
    }

    private static Delivery read(Map<String, AttributeValue> i) {
        AttributeValue parked = i.get("parked");
        return new Delivery(str(i, "id"), str(i, "tenant_id"), str(i, "message_id"), str(i, "endpoint_id"),
                str(i, "event_type"), DeliveryStatus.fromWire(str(i, "status")), (int) Attr.num(i, "attempt_count", 0),
                Attr.instant(i, "next_attempt_at"), parked != null && Boolean.TRUE.equals(parked.bool()),
                str(i, "last_error"), Attr.instant(i, "created_at"), Attr.instant(i, "updated_at"),
                Instant.ofEpochSecond(Attr.num(i, "expires_at", 0)),
                i.get("pull") != null && Boolean.TRUE.equals(i.get("pull").bool()));
    }

    /** The pull index's sort key: due time (fixed width, so text order is time order), then the id. */
    private static String pullDue(Instant at, String deliveryId) {
        return Attr.sortable(at) + "#" + deliveryId;
    }

    private static PullState pullState(Map<String, AttributeValue> i) {
        return new PullState(read(i), str(i, "lease_token"), Attr.instant(i, "leased_at"),
                str(i, "lease_token") == null ? null : Attr.instant(i, "lease_until"));
    }

    @Override
    public List<PullState> duePulls(String tenantId, String endpointId, Instant now, int limit) {
        // '$' sorts right after '#': every key whose time is at or before now, whatever its id.
        return dynamo.query(QueryRequest.builder().tableName(table).indexName("pull")
                        .keyConditionExpression("pull_pk = :pk AND pull_due < :upto")
                        .expressionAttributeValues(Map.of(":pk", s(endpointIndexPk(tenantId, endpointId)),
                                ":upto", s(Attr.sortable(now) + "$")))
                        .scanIndexForward(true).limit(limit).build())
                .items().stream().map(DynamoDeliveryStore::pullState)
                .filter(p -> p.delivery().tenantId().equals(tenantId)).toList();
    }

    @Override
    public Optional<PullState> pullState(String tenantId, String deliveryId) {
        Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder().tableName(table)
                .key(Attr.key(deliveryPk(tenantId, deliveryId), "DLV")).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(pullState(item));
    }

    @Override
    public Optional<PullState> leasePull(String tenantId, String deliveryId, String leaseId, Instant now,
                                         Instant leaseUntil) {
        try {
            Map<String, AttributeValue> item = dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(Attr.key(deliveryPk(tenantId, deliveryId), "DLV"))
                    .updateExpression("SET lease_token = :tok, leased_at = :now, lease_until = :until, pull_due = :due,"
                            + " #shard = :shard, #dueAt = :until")
                    .conditionExpression("attribute_exists(pull_pk) AND attribute_not_exists(lease_token)"
                            + " AND #st <> :ok AND #st <> :dead AND parked = :false AND next_attempt_at <= :now")
                    .expressionAttributeNames(Map.of("#st", "status", "#shard", DueAttributes.SHARD,
                            "#dueAt", DueAttributes.AT))
                    .expressionAttributeValues(Map.of(":tok", s(leaseId), ":now", Attr.time(now),
                            ":until", Attr.time(leaseUntil), ":due", s(pullDue(leaseUntil, deliveryId)),
                            ":shard", s(DueAttributes.shard(DueIndex.Kind.PULL_LEASE, deliveryId)),
                            ":ok", s(DeliveryStatus.SUCCEEDED.wire()), ":dead", s(DeliveryStatus.DEAD_LETTERED.wire()),
                            ":false", FALSE))
                    .returnValues(ReturnValue.ALL_NEW).build()).attributes();
            return Optional.of(pullState(item));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean recordPullAttempt(Delivery leased, String leaseId, boolean expired, Attempt attempt,
                                     DeliveryStatus status, Instant nextAttemptAt, boolean parked, Instant now,
                                     Message event) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":tok", s(leaseId));
        String condition = " AND lease_token = :tok AND " + (expired ? "lease_until <= :now" : "lease_until > :now");
        String set = "";
        String remove = ", lease_token, leased_at";
        if (status == DeliveryStatus.RETRYING && nextAttemptAt != null && !parked) {
            set = "pull_pk = :ppk, pull_due = :pdue";
            values.put(":ppk", s(endpointIndexPk(leased.tenantId(), leased.endpointId())));
            values.put(":pdue", s(pullDue(nextAttemptAt, leased.id())));
        } else {
            remove += ", pull_pk, pull_due";
        }
        return record(leased, attempt, status, nextAttemptAt, parked, now, event, condition, values, set, remove);
    }
}
