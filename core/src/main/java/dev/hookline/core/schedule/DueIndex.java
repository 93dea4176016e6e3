package dev.hookline.core.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Port: the index of work that must happen by a time, read by the scheduler. An entry is two attributes on the
 * item it stands for (a message, a delivery), written by the same write that changes the item, so the index can
 * never disagree with the work: a delivery is in it exactly while it is owed an attempt, a scheduled message
 * exactly until it is released. Sparse (only such items), so reading it costs what is due, never a table scan.
 */
public interface DueIndex {
    enum Kind {
        /** A message stored to go out later: released to fan-out when due. */
        MESSAGE,
        /** A delivery due further ahead than an SQS delay reaches: put on the queue when due. */
        DELIVERY_WAITING,
        /** A push delivery whose message is on the delivery queue: re-queued if still unattempted a grace after due. */
        DELIVERY_QUEUED,
        /**
         * A pull delivery's lease, due when the lease ends: an unacknowledged lease is then a failed attempt. A pull
         * delivery is never in the other delivery kinds: it waits, unsent, for its receiver to pull it, however
         * long, and becomes pullable when due by its place in the pull index alone.
         */
        PULL_LEASE
    }

    record Entry(Kind kind, String tenantId, String id, Instant dueAt) {
    }

    /** Entries of the kind due at or before {@code upTo}, oldest first, at most {@code limit}. */
    List<Entry> due(Kind kind, Instant upTo, int limit);

    /** Which kind a delivery due at {@code dueAt} is: on the queue (with a delay) if a delay reaches that far. */
    static Kind deliveryKind(Instant now, Instant dueAt) {
        return Duration.between(now, dueAt).compareTo(QueueSender.MAX_DELAY) <= 0 ? Kind.DELIVERY_QUEUED
                : Kind.DELIVERY_WAITING;
    }
}
