package dev.hookline.core.schedule;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Moves due work onto its queue. The send comes before the removal, so a crash in between repeats a
 * message rather than losing it; consumers are idempotent (conditional updates), so a repeat is harmless.
 */
public final class DueWorkSweeper {
    private final DueWorkStore store;
    private final QueueSender sender;
    private final Clock clock;

    public DueWorkSweeper(DueWorkStore store, QueueSender sender, Clock clock) {
        this.store = store;
        this.sender = sender;
        this.clock = clock;
    }

    /** Re-enqueues everything due now (in pages of {@code pageSize}); returns how many were moved. */
    public int sweep(int pageSize, int maxItems) {
        int moved = 0;
        while (moved < maxItems) {
            List<DueWork> page = store.due(clock.instant(), Math.min(pageSize, maxItems - moved));
            if (page.isEmpty()) {
                break;
            }
            for (DueWork work : page) {
                sender.send(work.queue(), work.body(), Duration.ZERO);
                store.remove(work);
                moved++;
            }
            if (page.size() < pageSize) {
                break;
            }
        }
        return moved;
    }

    /**
     * Sends now with an SQS delay when the wait fits in one, otherwise persists it for the sweeper.
     */
    public void enqueueAt(DueWork work) {
        Duration wait = Duration.between(clock.instant(), work.dueAt());
        if (wait.compareTo(QueueSender.MAX_DELAY) <= 0) {
            sender.send(work.queue(), work.body(), wait.isNegative() ? Duration.ZERO : wait);
        } else {
            store.schedule(work);
        }
    }
}
