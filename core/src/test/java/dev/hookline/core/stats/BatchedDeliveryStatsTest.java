package dev.hookline.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BatchedDeliveryStatsTest {
    private static final Instant T = Instant.parse("2026-12-02T10:01:00Z");
    private static final Duration WIDTH = Duration.ofMinutes(5);

    /** Stored buckets in memory, with every write counted. */
    private static final class Store implements DeliveryStats {
        final Map<String, StatsBucket> buckets = new TreeMap<>();
        final List<String> writes = new ArrayList<>();
        boolean failing;

        void add(String tenant, String endpoint, StatsBucket counts) {
            if (failing) {
                throw new IllegalStateException("throttled");
            }
            writes.add(tenant + "/" + endpoint + "@" + counts.start());
            buckets.merge(tenant + "/" + endpoint + "@" + counts.start(), counts, StatsBucket::plus);
        }

        @Override
        public void recordAttempt(String tenantId, String endpointId, boolean succeeded, long latencyMs, Instant at) {
            throw new AssertionError("the batch writes whole buckets only");
        }

        @Override
        public void recordDeadLetter(String tenantId, String endpointId, Instant at) {
            throw new AssertionError("the batch writes whole buckets only");
        }

        @Override
        public List<StatsBucket> buckets(String tenantId, String endpointId, Instant from, Instant to) {
            return buckets.entrySet().stream().filter(e -> e.getKey().startsWith(tenantId + "/" + endpointId + "@"))
                    .map(Map.Entry::getValue).filter(b -> !b.start().isBefore(from.minus(WIDTH)) && !b.start().isAfter(to))
                    .toList();
        }
    }

    @Test
    void tenAttemptsToOneEndpointAreOneWrite() {
        Store store = new Store();
        BatchedDeliveryStats stats = new BatchedDeliveryStats(store, store::add, WIDTH);
        for (int i = 0; i < 10; i++) {
            stats.recordAttempt("ten_a", "ep_1", i != 3, 30 + i, T.plusSeconds(i));
        }
        assertEquals(List.of(), store.writes, "nothing is written before the batch ends");
        assertEquals(1, stats.flush());
        assertEquals(List.of("ten_a/ep_1@2026-12-02T10:00:00Z"), store.writes);
        StatsBucket b = store.buckets.get("ten_a/ep_1@2026-12-02T10:00:00Z");
        assertEquals(10, b.total());
        assertEquals(9, b.succeeded());
        assertEquals(1, b.failed());
        assertEquals(30 * 10 + 45, b.latencySumMs());
        assertEquals(10, b.histogram()[LatencyHistogram.slot(30)]);
        assertEquals(0, stats.flush(), "a second flush has nothing to write");
    }

    @Test
    void endpointsTenantsAndBucketsAreKeptApart() {
        Store store = new Store();
        BatchedDeliveryStats stats = new BatchedDeliveryStats(store, store::add, WIDTH);
        stats.recordAttempt("ten_a", "ep_1", true, 10, T);
        stats.recordAttempt("ten_b", "ep_1", true, 10, T);
        stats.recordAttempt("ten_a", "ep_2", false, 10, T);
        stats.recordAttempt("ten_a", "ep_1", true, 10, T.plus(WIDTH));
        stats.recordDeadLetter("ten_a", "ep_2", T);
        assertEquals(4, stats.flush());
        assertEquals(1, store.buckets.get("ten_a/ep_2@2026-12-02T10:00:00Z").deadLettered());
        assertEquals(1, store.buckets.get("ten_a/ep_2@2026-12-02T10:00:00Z").failed());
        assertEquals(1, store.buckets.get("ten_b/ep_1@2026-12-02T10:00:00Z").total());
    }

    @Test
    void readsCountWhatThisBatchHasNotWrittenYet() {
        Store store = new Store();
        store.add("ten_a", "ep_1", new StatsBucket(Instant.parse("2026-12-02T10:00:00Z"), 4, 4, 0, 0, 80,
                new long[LatencyHistogram.SLOTS]));
        BatchedDeliveryStats stats = new BatchedDeliveryStats(store, store::add, WIDTH);
        stats.recordAttempt("ten_a", "ep_1", false, 20, T);
        stats.recordAttempt("ten_a", "ep_1", false, 20, T);
        stats.recordAttempt("ten_a", "ep_9", false, 20, T);
        DeliveryStats.EndpointStatsView view = stats.read("ten_a", "ep_1", Duration.ofMinutes(5), T.plusSeconds(30));
        assertEquals(6, view.total());
        assertEquals(2, view.failed());
    }

    @Test
    void aFailedFlushKeepsItsCountsForTheNext() {
        Store store = new Store();
        BatchedDeliveryStats stats = new BatchedDeliveryStats(store, store::add, WIDTH);
        stats.recordAttempt("ten_a", "ep_1", true, 10, T);
        store.failing = true;
        assertThrows(IllegalStateException.class, stats::flush);
        assertEquals(1, stats.pendingBuckets());
        stats.recordAttempt("ten_a", "ep_1", true, 10, T);
        store.failing = false;
        assertEquals(1, stats.flush());
        assertEquals(2, store.buckets.get("ten_a/ep_1@2026-12-02T10:00:00Z").total());
    }
}
