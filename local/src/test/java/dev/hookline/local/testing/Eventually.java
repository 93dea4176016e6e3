package dev.hookline.local.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** Polls until a condition holds or a bounded time (or stall) passes; returns the last value for the assertion. */
public final class Eventually {
    private Eventually() {
    }

    public static <T> T poll(Duration limit, Supplier<T> value, java.util.function.Predicate<T> done) {
        long deadline = System.nanoTime() + limit.toNanos();
        T last = value.get();
        while (!done.test(last) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return last;
            }
            last = value.get();
        }
        return last;
    }

    /** Waits until the condition holds; fails, naming what did not happen, once the limit passes. */
    public static void until(Duration limit, BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + limit + ": " + what);
            }
            pause(Duration.ofMillis(100));
        }
    }

    /**
     * Waits until the condition holds for as long as work keeps being done: fails only once {@code progress} has not
     * moved for {@code stall}. For waits whose length is the machine's pace (a loaded machine is slower, not wrong),
     * where a fixed limit would fail a slow run and a missing limit would hang a stuck one.
     */
    public static void whileProgressing(Duration stall, LongSupplier progress, BooleanSupplier done, String what) {
        long last = progress.getAsLong();
        long movedAt = System.nanoTime();
        while (!done.getAsBoolean()) {
            long now = progress.getAsLong();
            if (now != last) {
                last = now;
                movedAt = System.nanoTime();
            } else if (System.nanoTime() - movedAt > stall.toNanos()) {
                throw new AssertionError("No progress for " + stall + " (stuck at " + last + "): " + what);
            }
            pause(Duration.ofMillis(100));
        }
    }

    /** Sleeps, for the waits that are the point of a test (letting a visibility timeout or a grace pass). */
    public static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
