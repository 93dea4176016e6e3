package dev.hookline.infrastructure.dynamo;

import dev.hookline.core.inbound.source.Source;
import dev.hookline.core.inbound.source.SourceMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The per-source backlog estimate and the source's hourly totals, against DynamoDB Local. */
class DynamoSourceCountersTest {
    private static final Duration WINDOW = Duration.ofMinutes(5);
    /** 12:00:00 is a window boundary (a multiple of 300 s since the epoch). */
    private static final Instant T0 = Instant.parse("2026-12-02T12:00:00Z");

    private static DynamoLocal local;
    private static DynamoSourceCounters counters;

    @BeforeAll
    static void start() {
        local = DynamoLocal.start().deliveries();
        counters = new DynamoSourceCounters(local.client(), DynamoLocal.DELIVERIES);
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    private static Source source(String tenant) {
        String id = "src_" + UUID.randomUUID().toString().replace("-", "");
        return new Source(id, tenant, "s", SourceMode.STREAM, "sealed", "none", null, List.of(), 1024, null, null, null,
                false, null, "h", null, null, T0, T0, 1);
    }

    @Test
    void theBacklogCountsWhatTheSourceQueuedWithinTheWindowAndNothingElse() {
        Source a = source("ten_a");
        Source b = source("ten_b");
        assertEquals(3, counters.backlog(a, 3, WINDOW, T0.plusSeconds(10)));
        assertEquals(7, counters.backlog(a, 4, WINDOW, T0.plusSeconds(20)));
        assertEquals(1, counters.backlog(b, 1, WINDOW, T0.plusSeconds(20)), "another source's records do not count");
        assertEquals(5, counters.backlog(a, -2, WINDOW, T0.plusSeconds(30)), "records taken back");
        // Half-way through the next window, half of the previous one still counts: 5 * 0.5 + 1.
        assertEquals(4, counters.backlog(a, 1, WINDOW, T0.plus(WINDOW).plusSeconds(150)));
        // Two windows on, the first is gone entirely (and removed from the item).
        assertEquals(2, counters.backlog(a, 1, WINDOW, T0.plus(WINDOW.multipliedBy(2)).plusSeconds(150)));
        assertEquals(0, counters.backlog(a, 0, WINDOW, T0.plus(WINDOW.multipliedBy(4))), "an idle source drains");
    }

    @Test
    void totalsSumTheHoursOfTheWindowPerCounter() {
        Source s = source("ten_t");
        counters.shed(s, 3, T0.minus(Duration.ofHours(3)));
        counters.shed(s, 2, T0.plusSeconds(60));
        counters.quarantined(s, 4, T0.plusSeconds(120));
        counters.verificationFailed(s, "bad_signature", T0.plusSeconds(5));
        counters.verificationFailed(s, "bad_signature", T0.plusSeconds(6));
        counters.verificationFailed(s, "missing_header", T0.minus(Duration.ofHours(1)));
        assertEquals(Map.of("shed", 2L, "quarantined", 4L, "verification_failed", 2L,
                "verification_failed_bad_signature", 2L), counters.totals(s, T0));
        Map<String, Long> day = counters.totals(s, T0.minus(Duration.ofHours(24)));
        assertEquals(5L, day.get("shed"));
        assertEquals(3L, day.get("verification_failed"));
        assertEquals(Map.of(), counters.totals(source("ten_t"), T0), "another source of the same tenant has none");
    }
}
