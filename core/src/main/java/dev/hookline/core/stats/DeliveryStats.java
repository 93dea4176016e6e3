package dev.hookline.core.stats;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Port: per-endpoint counters kept as deliveries happen (atomic adds into time buckets), so statistics are
 * read from a few counters, never from a scan of history.
 */
public interface DeliveryStats {
    /** One attempt's result: {@code outcome} is succeeded | failed; latency of the HTTP exchange. */
    void recordAttempt(String tenantId, String endpointId, boolean succeeded, long latencyMs, Instant at);

    void recordDeadLetter(String tenantId, String endpointId, Instant at);

    /**
     * The stored buckets that overlap {@code [from, to]}, oldest first; buckets without any count are absent. Buckets
     * are whole (a bucket overlapping {@code from} counts entirely), and their width divides every
     * {@link StatsWindow#step()}.
     */
    List<StatsBucket> buckets(String tenantId, String endpointId, Instant from, Instant to);

    /** Figures over the window ending now: the sum of the buckets overlapping it. */
    default EndpointStatsView read(String tenantId, String endpointId, Duration window, Instant now) {
        StatsBucket sum = StatsBucket.empty(now.minus(window));
        for (StatsBucket b : buckets(tenantId, endpointId, now.minus(window), now)) {
            sum = sum.plus(b);
        }
        return EndpointStatsView.of(sum);
    }

    /** The window's figures, in steps for a chart; see {@link StatsSeries}. */
    default StatsSeries series(String tenantId, String endpointId, StatsWindow window, Instant now) {
        return StatsSeries.of(window, now, buckets(tenantId, endpointId, now.minus(window.length()), now));
    }

    record EndpointStatsView(long total, long succeeded, long failed, double successRate, double avgResponseMs,
                             double p95ResponseMs, long deadLettered) {
        public static EndpointStatsView of(StatsBucket sum) {
            return new EndpointStatsView(sum.total(), sum.succeeded(), sum.failed(), sum.successRate(),
                    sum.avgResponseMs(), sum.p95ResponseMs(), sum.deadLettered());
        }
    }
}
