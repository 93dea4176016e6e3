package dev.hookline.local.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Real time plus an offset that tests move forward. Time keeps flowing (so SQS delays and leases behave),
 * and a test skips a six-hour retry wait by advancing the offset instead of sleeping.
 */
public final class AdjustableClock extends Clock {
    private final AtomicLong offsetMillis = new AtomicLong();
    private final AtomicReference<Instant> held = new AtomicReference<>();

    /** Time stands still until {@link #close()}: then it flows again from real time plus the offset. */
    public interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Stops time where it is, for a test whose subject counts per wall-clock unit (a per-second rate limit): every
     * call made while held falls in the same second however slowly a loaded machine serves them. Keep holds short:
     * leases and delays of the shared platform do not run out while time stands still.
     */
    public Hold hold() {
        held.set(instant());
        return () -> held.set(null);
    }

    public void advance(Duration by) {
        offsetMillis.addAndGet(by.toMillis());
    }

    /** Back to real time; tests that advance the clock call this when done (the platform is shared). */
    public void reset() {
        offsetMillis.set(0);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        Instant standing = held.get();
        return standing != null ? standing : Instant.now().plusMillis(offsetMillis.get());
    }
}
