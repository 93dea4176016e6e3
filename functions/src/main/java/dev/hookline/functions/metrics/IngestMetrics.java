package dev.hookline.functions.metrics;

import java.util.Objects;

/**
 * Ingest outcomes as CloudWatch metrics (EMF): {@value #CALLS} (Count) by Function and by Function + Outcome, where
 * the outcome is a fixed label such as {@code accepted}, {@code duplicate}, {@code unauthorized}, {@code forbidden},
 * {@code payload-too-large}, {@code too-many-requests} or {@code unavailable}. A value that is not such a label
 * (lower-case letters, digits and '-', at most 40 characters) is written as {@code other}, so a token or id passed
 * by mistake never becomes a metric dimension.
 */
public final class IngestMetrics {
    public static final String CALLS = "IngestCalls";

    public static final String ACCEPTED = "accepted";
    public static final String DUPLICATE = "duplicate";
    public static final String UNAUTHORIZED = "unauthorized";
    public static final String FORBIDDEN = "forbidden";
    public static final String PAYLOAD_TOO_LARGE = "payload-too-large";
    public static final String TOO_MANY_REQUESTS = "too-many-requests";
    public static final String UNAVAILABLE = "unavailable";

    private final Metrics metrics;

    public IngestMetrics(Metrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** Never throws. */
    public void record(String outcome) {
        metrics.emit(Metrics.outcomeLabel(outcome), Metrics.Metric.count(CALLS, 1));
    }
}
