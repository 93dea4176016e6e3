package dev.hookline.local.testing;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls until a condition holds or a bounded time passes; returns the last value for the assertion. */
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
}
