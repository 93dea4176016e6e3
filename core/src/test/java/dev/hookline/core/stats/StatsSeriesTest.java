package dev.hookline.core.stats;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StatsSeriesTest {
    private static final Instant NOW = Instant.parse("2025-03-01T12:02:30Z");
    private static final double EPS = 1e-9;

    /** Counters in 5-minute buckets held in memory, with the port's overlap rule. */
    private static final class MemoryStats implements DeliveryStats {
        private static final long WIDTH = 300;
        private final TreeMap<Instant, StatsBucket> buckets = new TreeMap<>();

        private static Instant bucketOf(Instant at) {
            return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), WIDTH) * WIDTH);
        }

        @Override
        public void recordAttempt(String tenantId, String endpointId, boolean succeeded, long latencyMs, Instant at) {
            long[] h = new long[LatencyHistogram.SLOTS];
            h[LatencyHistogram.slot(latencyMs)] = 1;
            Instant start = bucketOf(at);
            buckets.merge(start, new StatsBucket(start, 1, succeeded ? 1 : 0, succeeded ? 0 : 1, 0, latencyMs, h),
                    StatsBucket::plus);
        }

        @Override
        public void recordDeadLetter(String tenantId, String endpointId, Instant at) {
            Instant start = bucketOf(at);
            buckets.merge(start, new StatsBucket(start, 0, 0, 0, 1, 0, new long[LatencyHistogram.SLOTS]),
                    StatsBucket::plus);
        }

        @Override
        public List<StatsBucket> buckets(String tenantId, String endpointId, Instant from, Instant to) {
            return new ArrayList<>(buckets.subMap(bucketOf(from), true, bucketOf(to), true).values());
        }
    }

    @Test
    void everyStepOfTheWindowIsPresentAlignedToWholeSteps() {
        StatsSeries hour = new MemoryStats().series("t", "e", StatsWindow.HOUR, NOW);
        // 11:02:30 .. 12:02:30 in 5-minute steps: 11:00 … 12:00, 13 points.
        assertEquals(13, hour.points().size());
        assertEquals(Instant.parse("2025-03-01T11:00:00Z"), hour.points().getFirst().start());
        assertEquals(Instant.parse("2025-03-01T12:00:00Z"), hour.points().getLast().start());
        assertEquals(Duration.ofMinutes(5), hour.step());
        assertEquals(25, new MemoryStats().series("t", "e", StatsWindow.DAY, NOW).points().size());
        StatsSeries week = new MemoryStats().series("t", "e", StatsWindow.WEEK, NOW);
        assertEquals(29, week.points().size());
        assertEquals(Instant.parse("2025-02-22T12:00:00Z"), week.points().getFirst().start());
        assertEquals(NOW.minus(Duration.ofDays(7)), week.from());
        assertEquals(NOW, week.to());
    }

    @Test
    void pointsSumTheBucketsOfTheirStepAndAddUpToTheWindowFigures() {
        MemoryStats stats = new MemoryStats();
        stats.recordAttempt("t", "e", true, 40, Instant.parse("2025-03-01T11:05:00Z"));
        stats.recordAttempt("t", "e", true, 60, Instant.parse("2025-03-01T11:40:00Z"));
        stats.recordAttempt("t", "e", false, 900, Instant.parse("2025-03-01T11:59:00Z"));
        stats.recordDeadLetter("t", "e", Instant.parse("2025-03-01T11:59:00Z"));
        stats.recordAttempt("t", "e", true, 20, Instant.parse("2025-03-01T12:01:00Z"));
        stats.recordAttempt("t", "e", true, 20, Instant.parse("2025-02-28T11:00:00Z")); // outside the 24 h window

        StatsSeries day = stats.series("t", "e", StatsWindow.DAY, NOW);
        StatsBucket eleven = day.points().stream()
                .filter(p -> p.start().equals(Instant.parse("2025-03-01T11:00:00Z"))).findFirst().orElseThrow();
        assertEquals(3, eleven.total());
        assertEquals(2, eleven.succeeded());
        assertEquals(1, eleven.deadLettered());
        assertEquals(2.0 / 3, eleven.successRate(), EPS);
        assertEquals(1000.0 / 3, eleven.avgResponseMs(), EPS);
        assertEquals(1_000, eleven.p95ResponseMs(), EPS);
        assertEquals(1, day.points().getLast().total(), "12:00 holds the 12:01 attempt");
        assertEquals(0, day.points().getFirst().total(), "the 11:00 attempt of the day before is outside");

        StatsBucket sum = StatsBucket.empty(NOW);
        for (StatsBucket p : day.points()) {
            sum = sum.plus(p);
        }
        DeliveryStats.EndpointStatsView read = stats.read("t", "e", StatsWindow.DAY.length(), NOW);
        assertEquals(read, DeliveryStats.EndpointStatsView.of(sum));
        assertEquals(4, read.total());
        assertEquals(0.75, read.successRate(), EPS);
    }

    @Test
    void anEmptyWindowReadsZeros() {
        DeliveryStats.EndpointStatsView v = new MemoryStats().read("t", "e", Duration.ofHours(1), NOW);
        assertEquals(new DeliveryStats.EndpointStatsView(0, 0, 0, 0, 0, 0, 0), v);
    }

    @Test
    void bucketsAreCopiedAndChecked() {
        long[] h = new long[LatencyHistogram.SLOTS];
        StatsBucket b = new StatsBucket(NOW, 1, 1, 0, 0, 10, h);
        h[0] = 99;
        assertEquals(0, b.histogram()[0]);
        b.histogram()[0] = 5;
        assertEquals(0, b.histogram()[0]);
        assertThrows(IllegalArgumentException.class, () -> new StatsBucket(NOW, 0, 0, 0, 0, 0, new long[3]));
        assertEquals(StatsWindow.DAY, StatsWindow.fromWire("24h").orElseThrow());
        assertEquals(List.of("1h", "24h", "7d"), StatsWindow.wireNames());
    }
}
