package dev.hookline.infrastructure.http;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.io.CloseMode;

/**
 * Fires "abort this request" at its deadline, for every request of one client, on one shared thread; and throws a
 * connection away when its answer is not worth reading to the end. Shared by the webhook sender and the JWKS fetcher.
 *
 * <p>Why: the client's timeouts are per socket operation, so a peer that trickles a byte just inside every read
 * timeout could hold a caller forever. An abort at the deadline closes the socket under the blocked read, whatever the
 * peer does. Aborting only closes a socket, so one platform thread is plenty.
 */
class DeadlineTimer implements AutoCloseable {

    /** Runs a task after a delay; returns how to cancel it. Tests substitute one they fire by hand. */
    interface Scheduler {
        Runnable schedule(Duration delay, Runnable task);
    }

    private final ScheduledThreadPoolExecutor executor;
    private final Scheduler scheduler;

    DeadlineTimer() {
        executor = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("hookline-http-deadline").factory());
        // Most requests finish before their deadline: drop cancelled tasks now rather than keep them queued until due.
        executor.setRemoveOnCancelPolicy(true);
        scheduler = (delay, task) -> {
            ScheduledFuture<?> future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        };
    }

    DeadlineTimer(Scheduler scheduler) {
        this.executor = null;
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    /** Aborts {@code request} after {@code delay} unless the returned deadline is closed first. */
    Deadline arm(Duration delay, Cancellable request) {
        AtomicBoolean passed = new AtomicBoolean();
        Runnable cancel = scheduler.schedule(delay, () -> {
            passed.set(true);
            request.cancel();
        });
        return new Deadline(passed, cancel);
    }

    /** Runs {@code task} once after {@code delay} (closing an evicted client when its sends are surely over). */
    void after(Duration delay, Runnable task) {
        scheduler.schedule(delay, task);
    }

    /** One armed deadline; close it when the request is over. */
    record Deadline(AtomicBoolean passedFlag, Runnable cancel) implements AutoCloseable {

        /** True when our deadline aborted the request: whatever the abort surfaced as, it is a timeout. */
        boolean passed() {
            return passedFlag.get();
        }

        @Override
        public void close() {
            cancel.run();
        }
    }

    /**
     * Closes the connection at once instead of draining what is left of the body (possibly megabytes, possibly
     * trickled) just to keep the socket; the answer is already decided, so failures here are not worth reporting.
     */
    static void discard(Cancellable request, ClassicHttpResponse response) {
        try {
            request.cancel();
            if (response instanceof CloseableHttpResponse closeable) {
                closeable.close(CloseMode.IMMEDIATE);
            } else {
                response.close();
            }
        } catch (IOException | RuntimeException e) {
            // Throwing the socket away; the outcome is already decided.
        }
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
