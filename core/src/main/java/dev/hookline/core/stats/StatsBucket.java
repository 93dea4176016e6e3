package dev.hookline.core.stats;

import java.time.Instant;
import java.util.Arrays;

/**
 * The counters of one endpoint over one stretch of time starting at {@code start}: attempts by outcome, dead letters,
 * the latency sum and a {@link LatencyHistogram}. Buckets add up, so a window or a chart step is a sum of stored ones.
 */
public record StatsBucket(Instant start, long total, long succeeded, long failed, long deadLettered,
                          long latencySumMs, long[] histogram) {

    public StatsBucket {
        if (histogram.length != LatencyHistogram.SLOTS) {
            throw new IllegalArgumentException("a histogram has " + LatencyHistogram.SLOTS + " slots, not " + histogram.length);
        }
        histogram = histogram.clone();
    }

    public static StatsBucket empty(Instant start) {
        return new StatsBucket(start, 0, 0, 0, 0, 0, new long[LatencyHistogram.SLOTS]);
    }

    /** This bucket's counters plus another's, keeping this start. */
    public StatsBucket plus(StatsBucket other) {
        long[] sum = histogram.clone();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += other.histogram[i];
        }
        return new StatsBucket(start, total + other.total, succeeded + other.succeeded, failed + other.failed,
                deadLettered + other.deadLettered, latencySumMs + other.latencySumMs, sum);
    }

    @Override
    public long[] histogram() {
        return histogram.clone();
    }

    /** Succeeded share of attempts; 0 without attempts. */
    public double successRate() {
        return total == 0 ? 0 : (double) succeeded / total;
    }

    /** Mean latency of the attempts; 0 without attempts. */
    public double avgResponseMs() {
        return total == 0 ? 0 : (double) latencySumMs / total;
    }

    /** See {@link LatencyHistogram#p95(long[])}. */
    public double p95ResponseMs() {
        return LatencyHistogram.p95(histogram);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatsBucket b && start.equals(b.start) && total == b.total && succeeded == b.succeeded
                && failed == b.failed && deadLettered == b.deadLettered && latencySumMs == b.latencySumMs
                && Arrays.equals(histogram, b.histogram);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Objects.hash(start, total, succeeded, failed, deadLettered, latencySumMs)
                + Arrays.hashCode(histogram);
    }

    @Override
    public String toString() {
        return "StatsBucket[" + start + ", total=" + total + ", succeeded=" + succeeded + ", failed=" + failed
                + ", deadLettered=" + deadLettered + ", latencySumMs=" + latencySumMs + ", histogram="
                + Arrays.toString(histogram) + "]";
    }
}
