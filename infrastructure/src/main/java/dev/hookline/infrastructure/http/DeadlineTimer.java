package dev.hookline.infrastructure.http;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Fires "abort this request" at its deadline, for every send of one sender, on one shared thread.
 *
 * <p>Why: the client's timeouts are per socket operation, so a receiver that trickles a byte just inside every
 * read timeout could hold a delivery worker forever. An abort at the deadline closes the socket under the blocked
 * read, whatever the receiver does. Aborting only closes a socket, so one platform thread is plenty.
 */
final class DeadlineTimer implements AutoCloseable {

    private final ScheduledThreadPoolExecutor executor;

    DeadlineTimer() {
        executor = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("hookline-webhook-deadline").factory());
        // Most sends finish before their deadline: drop cancelled tasks now rather than keep them queued until due.
        executor.setRemoveOnCancelPolicy(true);
    }

    /** @return a handle to cancel when the send finishes first */
    ScheduledFuture<?> at(Duration delay, Runnable abort) {
        return executor.schedule(abort, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
