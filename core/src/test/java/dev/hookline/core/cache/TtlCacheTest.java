package dev.hookline.core.cache;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class TtlCacheTest {
    /** A clock the test moves by hand. */
    static final class HandClock extends Clock {
        Instant now = Instant.parse("2026-12-02T10:00:00Z");

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
            return now;
        }
    }

    private final HandClock clock = new HandClock();
    private final AtomicInteger loads = new AtomicInteger();
    private final TtlCache<String, String> cache = new TtlCache<>(Duration.ofSeconds(5), 2, clock);

    private String load(String key) {
        loads.incrementAndGet();
        return key.equals("absent") ? null : key + "#" + loads.get();
    }

    @Test
    void servesALoadedValueUntilItsTtlEndsThenLoadsAgain() {
        assertEquals("a#1", cache.get("a", this::load));
        clock.now = clock.now.plusMillis(4999);
        assertEquals("a#1", cache.get("a", this::load));
        clock.now = clock.now.plusMillis(1);
        assertEquals("a#2", cache.get("a", this::load));
        assertEquals(2, loads.get());
    }

    @Test
    void aClockThatWentBackExpiresTheEntry() {
        cache.get("a", this::load);
        clock.now = clock.now.minusSeconds(1);
        assertEquals("a#2", cache.get("a", this::load));
    }

    @Test
    void nothingIsCachedForAMissSoItIsAskedAgain() {
        assertNull(cache.get("absent", this::load));
        assertNull(cache.get("absent", this::load));
        assertEquals(2, loads.get());
    }

    @Test
    void invalidationDropsTheEntryAtOnce() {
        cache.get("a", this::load);
        cache.get("b", this::load);
        cache.invalidate("a");
        assertEquals("a#3", cache.get("a", this::load));
        cache.invalidateIf(k -> false, v -> v.startsWith("b#"));
        assertEquals("b#4", cache.get("b", this::load));
    }

    @Test
    void theLeastRecentlyUsedEntryGoesFirstBeyondTheBound() {
        cache.get("a", this::load);
        cache.get("b", this::load);
        cache.get("a", this::load); // a is now the most recently used
        cache.get("c", this::load); // evicts b
        assertEquals("a#1", cache.get("a", this::load));
        assertEquals("b#4", cache.get("b", this::load));
    }
}
