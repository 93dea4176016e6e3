package dev.hookline.local.schedule;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.hookline.local.runtime.LocalFunction;
import org.joda.time.DateTime;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Fires a function with an EventBridge {@link ScheduledEvent} at its schedule's rate. */
public final class ScheduleRunner implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("schedule").factory());
    private final LocalFunction function;
    private final String ruleName;
    private final AtomicLong fired = new AtomicLong();

    public ScheduleRunner(LocalFunction function, String ruleName) {
        this.function = function;
        this.ruleName = ruleName;
    }

    public void start(Duration period) {
        timer.scheduleAtFixedRate(this::fire, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    public long fired() {
        return fired.get();
    }

    public void fire() {
        ScheduledEvent event = new ScheduledEvent();
        event.setId(UUID.randomUUID().toString());
        event.setDetailType("Scheduled Event");
        event.setSource("aws.events");
        event.setAccount("000000000000");
        event.setRegion("us-east-1");
        event.setTime(DateTime.now());
        event.setResources(List.of("arn:aws:events:us-east-1:000000000000:rule/" + ruleName));
        event.setDetail(java.util.Map.of());
        try {
            function.invoke(event);
        } catch (RuntimeException e) {
            System.err.println("[local] " + function.spec().logicalId() + " schedule run failed: " + e);
        } finally {
            fired.incrementAndGet();
        }
    }

    /** Stops the schedule and waits (bounded) for a firing under way, so nothing fires once this returns. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
