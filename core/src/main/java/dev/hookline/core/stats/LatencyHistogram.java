package dev.hookline.core.stats;

import java.util.Arrays;

/**
 * The fixed latency histogram every statistics bucket keeps, and the p95 read from it. Fixed bounds make buckets
 * addable (a window is the sum of its buckets), which percentiles of raw samples are not.
 *
 * <p>Slot {@code i} counts latencies ≤ {@link #bound(int) bound(i)} and above the previous bound; the last slot,
 * {@link #SLOTS}{@code - 1}, is open (above the last bound).
 */
public final class LatencyHistogram {
    private static final long[] BOUNDS_MS = {25, 50, 100, 200, 300, 500, 750, 1_000, 1_500, 2_000, 3_000, 5_000,
            10_000, 30_000};
    /** How many slots a histogram has: one per bound plus the open one. */
    public static final int SLOTS = BOUNDS_MS.length + 1;
    /** What p95 reports when it falls in the open slot: the last bound, meaning "at least". */
    public static final long LAST_BOUND_MS = BOUNDS_MS[BOUNDS_MS.length - 1];

    private LatencyHistogram() {
    }

    /** The upper bound of slot {@code i} in ms; the open slot reports the last bound. */
    public static long bound(int slot) {
        return slot < BOUNDS_MS.length ? BOUNDS_MS[slot] : LAST_BOUND_MS;
    }

    /** The slot of a latency: the first bound it does not exceed, else the open one. */
    public static int slot(long latencyMs) {
        for (int i = 0; i < BOUNDS_MS.length; i++) {
            if (latencyMs <= BOUNDS_MS[i]) {
                return i;
            }
        }
        return BOUNDS_MS.length;
    }

    /**
     * An upper-bound estimate of the 95th percentile: the bound of the slot in which the cumulative count first
     * reaches 95 % (the true p95 is at most this and above the previous bound); the last bound when that is the
     * open slot; 0 without samples.
     */
    public static double p95(long[] counts) {
        long total = Arrays.stream(counts).sum();
        if (total == 0) {
            return 0;
        }
        long cumulative = 0;
        for (int i = 0; i < counts.length; i++) {
            cumulative += counts[i];
            if (cumulative * 100 >= total * 95) {
                return bound(i);
            }
        }
        return LAST_BOUND_MS;
    }
}
