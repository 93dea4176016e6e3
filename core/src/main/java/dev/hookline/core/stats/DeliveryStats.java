package dev.hookline.core.stats;

import java.time.Duration;
import java.time.Instant;

/**
 * Port: per-endpoint counters kept as deliveries happen (atomic adds into time buckets), so statistics are
 * read from a few counters, never from a scan of history.
 */
public interface DeliveryStats {
    /** One attempt's result: {@code outcome} is succeeded | failed; latency of the HTTP exchange. */
    void recordAttempt(String tenantId, String endpointId, boolean succeeded, long latencyMs, Instant at);

    void recordDeadLetter(String tenantId, String endpointId, Instant at);

    /** Figures over the window ending now. */
    EndpointStatsView read(String tenantId, String endpointId, Duration window, Instant now);

    record EndpointStatsView(long total, long succeeded, long failed, double successRate, double avgResponseMs,
                             double p95ResponseMs, long deadLettered) {
    }
}
