package dev.hookline.functions.metrics;

import dev.hookline.core.stats.DeliveryStats;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Decorates a {@link DeliveryStats}: every call goes to the delegate, and attempts and dead letters are also
 * published as CloudWatch metrics (EMF), aggregated per function: {@value #ATTEMPTS} (Count, by Outcome
 * succeeded | failed), {@value #LATENCY} (Milliseconds, by the same Outcome) and {@value #DEAD_LETTERS} (Count,
 * by Function only). Tenant and endpoint ids go to the delegate only, never into a metric.
 *
 * <p>The metric is written even when the delegate throws (the attempt happened either way); the delegate's
 * exception still propagates. Writing the metric never throws.
 */
public final class EmfDeliveryStats implements DeliveryStats {
    public static final String ATTEMPTS = "DeliveryAttempts";
    public static final String LATENCY = "DeliveryLatency";
    public static final String DEAD_LETTERS = "DeadLetters";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    private final DeliveryStats delegate;
    private final Metrics metrics;

    public EmfDeliveryStats(DeliveryStats delegate, Metrics metrics) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public void recordAttempt(String tenantId, String endpointId, boolean succeeded, long latencyMs, Instant at) {
        try {
            delegate.recordAttempt(tenantId, endpointId, succeeded, latencyMs, at);
        } finally {
            metrics.emit(succeeded ? SUCCEEDED : FAILED,
                    Metrics.Metric.count(ATTEMPTS, 1),
                    Metrics.Metric.milliseconds(LATENCY, Math.max(0, latencyMs)));
        }
    }

    @Override
    public void recordDeadLetter(String tenantId, String endpointId, Instant at) {
        try {
            delegate.recordDeadLetter(tenantId, endpointId, at);
        } finally {
            metrics.emit(null, Metrics.Metric.count(DEAD_LETTERS, 1));
        }
    }

    @Override
    public java.util.List<dev.hookline.core.stats.StatsBucket> buckets(String tenantId, String endpointId, Instant from,
                                                                     Instant to) {
        return delegate.buckets(tenantId, endpointId, from, to);
    }

    @Override
    public EndpointStatsView read(String tenantId, String endpointId, Duration window, Instant now) {
        return delegate.read(tenantId, endpointId, window, now);
    }
}
