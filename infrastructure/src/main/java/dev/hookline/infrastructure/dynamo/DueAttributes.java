package dev.hookline.infrastructure.dynamo;

import dev.hookline.core.schedule.DueIndex;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.Map;

/**
 * The two attributes that put an item into the deliveries table's sparse {@code due} index (KEYS_ONLY): a shard
 * key naming the kind of due work ({@code M#n} messages to release, {@code W#n} deliveries waiting beyond an SQS
 * delay, {@code Q#n} deliveries on the queue,
 * {@code L#n} pull deliveries' leases) and the due time. A few shards per kind spread a burst over index
 * partitions; the scheduler reads every shard of a kind.
 */
final class DueAttributes {
    static final String SHARD = "due_shard";
    static final String AT = "due_at";
    static final int SHARDS = 4;

    private DueAttributes() {
    }

    static String prefix(DueIndex.Kind kind) {
        return switch (kind) {
            case MESSAGE -> "M";
            case DELIVERY_WAITING -> "W";
            case DELIVERY_QUEUED -> "Q";
            case PULL_LEASE -> "L";
        };
    }

    static String shard(DueIndex.Kind kind, String id) {
        return prefix(kind) + "#" + Math.floorMod(id.hashCode(), SHARDS);
    }

    static Map<String, AttributeValue> of(DueIndex.Kind kind, String id, Instant at) {
        return Map.of(SHARD, Attr.s(shard(kind, id)), AT, Attr.time(at));
    }
}
