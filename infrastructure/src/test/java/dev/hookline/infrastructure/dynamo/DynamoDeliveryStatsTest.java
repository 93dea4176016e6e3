package dev.hookline.infrastructure.dynamo;

import dev.hookline.core.stats.DeliveryStats.EndpointStatsView;
import dev.hookline.core.stats.StatsBucket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DynamoDeliveryStatsTest {
    private static final Instant NOW = Instant.parse("2025-03-01T12:02:30Z");
    private static final Duration H1 = Duration.ofHours(1);
    private static final Duration H24 = Duration.ofHours(24);
    private static final Duration D7 = Duration.ofDays(7);
    private static final double EPS = 1e-9;

    private static DynamoLocal local;
    private static DynamoDeliveryStats stats;

    @BeforeAll
    static void start() {
        local = DynamoLocal.start().deliveries();
        stats = new DynamoDeliveryStats(local.client(), DynamoLocal.DELIVERIES);
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    private static String id(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * Within the last hour (buckets 11:00 … 12:00, the 1h window starting at 11:02:30 overlaps the 11:00 one):
     * 20 attempts, 15 succeeded, 18 at 40 ms (≤ 50), one at 400 ms (≤ 500), one at 2500 ms (≤ 3000), 2 dead
     * letters. Two hours ago (10:02:30): one success at 100 ms and one dead letter. Six days ago: one failure at
     * 35 s (open bucket). Eight days ago: one success and a dead letter that no window reaches.
     */
    private static void recordFixture(String tenant, String endpoint) {
        Instant[] times = {
                Instant.parse("2025-03-01T11:00:00Z"), Instant.parse("2025-03-01T11:04:59Z"),
                Instant.parse("2025-03-01T11:17:10Z"), Instant.parse("2025-03-01T11:42:00Z"),
                Instant.parse("2025-03-01T12:00:00Z"), NOW};
        for (int i = 0; i < 18; i++) {
            stats.recordAttempt(tenant, endpoint, i < 15, 40, times[i % times.length]);
        }
        stats.recordAttempt(tenant, endpoint, false, 400, Instant.parse("2025-03-01T11:30:00Z"));
        stats.recordAttempt(tenant, endpoint, false, 2_500, Instant.parse("2025-03-01T11:59:59Z"));
        stats.recordDeadLetter(tenant, endpoint, Instant.parse("2025-03-01T11:59:59Z"));
        stats.recordDeadLetter(tenant, endpoint, Instant.parse("2025-03-01T11:02:00Z"));

        Instant twoHoursAgo = NOW.minus(Duration.ofHours(2));
        stats.recordAttempt(tenant, endpoint, true, 100, twoHoursAgo);
        stats.recordDeadLetter(tenant, endpoint, twoHoursAgo);

        stats.recordAttempt(tenant, endpoint, false, 35_000, NOW.minus(Duration.ofDays(6)));

        Instant eightDaysAgo = NOW.minus(Duration.ofDays(8));
        stats.recordAttempt(tenant, endpoint, true, 10, eightDaysAgo);
        stats.recordDeadLetter(tenant, endpoint, eightDaysAgo);
    }

    private static void assertView(EndpointStatsView v, long total, long succeeded, long failed, double rate,
                                   double avg, double p95, long dead) {
        assertEquals(total, v.total(), "total");
        assertEquals(succeeded, v.succeeded(), "succeeded");
        assertEquals(failed, v.failed(), "failed");
        assertEquals(rate, v.successRate(), EPS, "success rate");
        assertEquals(avg, v.avgResponseMs(), EPS, "average");
        assertEquals(p95, v.p95ResponseMs(), EPS, "p95");
        assertEquals(dead, v.deadLettered(), "dead lettered");
    }

    @Test
    void sumsBucketsOverEachWindow() {
        String tenant = id("ten");
        String endpoint = id("ep");
        recordFixture(tenant, endpoint);

        // 1h: latency 18*40 + 400 + 2500 = 3620 over 20; cumulative 18 at ≤50, 19 at ≤500 = 95 % of 20.
        assertView(stats.read(tenant, endpoint, H1, NOW), 20, 15, 5, 0.75, 181.0, 500, 2);
        // 24h adds the 2h-ago success: 3720 over 21; 95 % of 21 = 19.95 -> 20th: 18 ≤50, 19 ≤100, 20 ≤500.
        assertView(stats.read(tenant, endpoint, H24, NOW), 21, 16, 5, 16.0 / 21, 3720.0 / 21, 500, 3);
        // 7d adds the 6-days-ago 35 s failure: 38720 over 22; 95 % of 22 = 20.9 -> 21st is the 2500 ms one.
        assertView(stats.read(tenant, endpoint, D7, NOW), 22, 16, 6, 16.0 / 22, 38_720.0 / 22, 3_000, 3);
    }

    @Test
    void windowCountsWholeBucketsOverlappingIt() {
        String tenant = id("ten");
        String endpoint = id("ep");
        // NOW - 1h = 11:02:30 lies in the 11:00 bucket: 11:00:00 counts, 10:59:59 (the 10:55 bucket) does not.
        stats.recordAttempt(tenant, endpoint, true, 10, Instant.parse("2025-03-01T11:00:00Z"));
        stats.recordAttempt(tenant, endpoint, true, 10, Instant.parse("2025-03-01T10:59:59Z"));
        // Ahead of now (clock skew between writers): outside [window start, now]'s buckets.
        stats.recordAttempt(tenant, endpoint, true, 10, Instant.parse("2025-03-01T12:05:00Z"));
        assertEquals(1, stats.read(tenant, endpoint, H1, NOW).total());
        assertEquals(2, stats.read(tenant, endpoint, H24, NOW).total());
        assertEquals(1, stats.read(tenant, endpoint, H1, Instant.parse("2025-03-01T12:05:00Z")).total());
        assertEquals(3, stats.read(tenant, endpoint, H24, Instant.parse("2025-03-01T12:05:00Z")).total());
    }

    @Test
    void emptyEndpointReadsZeros() {
        assertView(stats.read(id("ten"), id("ep"), H24, NOW), 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void deadLettersAloneLeaveAttemptFiguresAtZero() {
        String tenant = id("ten");
        String endpoint = id("ep");
        stats.recordDeadLetter(tenant, endpoint, NOW);
        assertView(stats.read(tenant, endpoint, H1, NOW), 0, 0, 0, 0, 0, 0, 1);
    }

    @Test
    void p95InTheOpenBucketReportsTheLastBound() {
        String tenant = id("ten");
        String endpoint = id("ep");
        stats.recordAttempt(tenant, endpoint, false, 45_000, NOW);
        assertView(stats.read(tenant, endpoint, H1, NOW), 1, 0, 1, 0, 45_000, 30_000, 0);
    }

    @Test
    void bucketsAreTheStoredOnesOverlappingTheRangeOldestFirst() {
        String tenant = id("ten");
        String endpoint = id("ep");
        stats.recordAttempt(tenant, endpoint, true, 20, Instant.parse("2025-03-01T11:51:00Z"));
        stats.recordAttempt(tenant, endpoint, false, 700, Instant.parse("2025-03-01T11:54:59Z"));
        stats.recordDeadLetter(tenant, endpoint, Instant.parse("2025-03-01T11:54:59Z"));
        stats.recordAttempt(tenant, endpoint, true, 40_000, Instant.parse("2025-03-01T12:01:00Z"));
        stats.recordAttempt(tenant, endpoint, true, 5, Instant.parse("2025-03-01T11:44:59Z")); // before the range

        List<StatsBucket> buckets = stats.buckets(tenant, endpoint, Instant.parse("2025-03-01T11:52:00Z"), NOW);
        assertEquals(List.of(Instant.parse("2025-03-01T11:50:00Z"), Instant.parse("2025-03-01T12:00:00Z")),
                buckets.stream().map(StatsBucket::start).toList());
        StatsBucket first = buckets.getFirst();
        assertEquals(2, first.total());
        assertEquals(1, first.succeeded());
        assertEquals(1, first.failed());
        assertEquals(1, first.deadLettered());
        assertEquals(720, first.latencySumMs());
        long[] h = first.histogram();
        assertEquals(1, h[0], "20 ms is in the first slot (<= 25)");
        assertEquals(1, h[6], "700 ms is in the <= 750 slot");
        assertEquals(1, buckets.get(1).histogram()[14], "40 s is in the open slot");
    }

    @Test
    void storesOneItemPerBucketWithCountersAndTtl() {
        String tenant = id("ten");
        String endpoint = id("ep");
        stats.recordAttempt(tenant, endpoint, true, 120, Instant.parse("2025-03-01T10:07:00Z"));
        stats.recordAttempt(tenant, endpoint, false, 20, Instant.parse("2025-03-01T10:09:59.900Z"));
        stats.recordDeadLetter(tenant, endpoint, Instant.parse("2025-03-01T10:05:00Z"));

        Map<String, AttributeValue> item = local.client().getItem(GetItemRequest.builder()
                .tableName(DynamoLocal.DELIVERIES)
                .key(Attr.key("T#" + tenant + "#EP#" + endpoint + "#STATS", "2025-03-01T10:05:00Z"))
                .build()).item();
        assertEquals(2, Attr.num(item, "total", -1));
        assertEquals(1, Attr.num(item, "succeeded", -1));
        assertEquals(1, Attr.num(item, "failed", -1));
        assertEquals(1, Attr.num(item, "dead_lettered", -1));
        assertEquals(140, Attr.num(item, "latency_sum_ms", -1));
        assertEquals(1, Attr.num(item, "h_0", -1));
        assertEquals(1, Attr.num(item, "h_3", -1));
        assertEquals(Instant.parse("2025-03-09T10:05:00Z").getEpochSecond(), Attr.num(item, "expires_at", -1));
    }

    @Test
    void tenantsAndEndpointsAreIsolated() {
        String tenantA = id("ten");
        String tenantB = id("ten");
        String endpoint = id("ep");
        String other = id("ep");
        stats.recordAttempt(tenantA, endpoint, true, 10, NOW);
        stats.recordAttempt(tenantA, endpoint, true, 30, NOW);
        stats.recordAttempt(tenantB, endpoint, false, 1_000, NOW);
        stats.recordDeadLetter(tenantB, endpoint, NOW);
        stats.recordAttempt(tenantA, other, false, 5_000, NOW);

        assertView(stats.read(tenantA, endpoint, H1, NOW), 2, 2, 0, 1.0, 20.0, 50, 0);
        assertView(stats.read(tenantB, endpoint, H1, NOW), 1, 0, 1, 0.0, 1_000.0, 1_000, 1);
        assertView(stats.read(tenantA, other, H1, NOW), 1, 0, 1, 0.0, 5_000.0, 5_000, 0);
        assertView(stats.read(tenantB, other, H1, NOW), 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void concurrentAttemptsAddUpExactly() throws Exception {
        String tenant = id("ten");
        String endpoint = id("ep");
        int n = 50;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                int k = i;
                done.add(threads.submit(() -> {
                    go.await();
                    stats.recordAttempt(tenant, endpoint, k % 2 == 0, k * 10L, NOW);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        }
        // Latencies 0, 10, …, 490: sum 12250, average 245; 95 % of 50 = 47.5 -> the 48th smallest, 470 ms (≤ 500).
        assertView(stats.read(tenant, endpoint, H1, NOW), n, 25, 25, 0.5, 245.0, 500, 0);
    }
}
