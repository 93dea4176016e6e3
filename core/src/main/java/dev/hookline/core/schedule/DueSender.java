package dev.hookline.core.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Sends work for a due time: now, with an SQS delay, when the wait fits one (15 minutes); otherwise not at all,
 * because the item's {@link DueIndex} entry (written with the state that made it due) is the schedule, and the
 * scheduler queues it when due. Long waits never sit in flight on a queue.
 */
public final class DueSender {
    private final QueueSender sender;
    private final Clock clock;

    public DueSender(QueueSender sender, Clock clock) {
        this.sender = sender;
        this.clock = clock;
    }

    /** True if sent now; false if the wait is the scheduler's. */
    public boolean sendAt(WorkQueue queue, String body, Instant dueAt) {
        Instant now = clock.instant();
        if (DueIndex.deliveryKind(now, dueAt) == DueIndex.Kind.DELIVERY_WAITING) {
            return false;
        }
        Duration wait = Duration.between(now, dueAt);
        sender.send(queue, body, wait.isNegative() ? Duration.ZERO : wait);
        return true;
    }
}
