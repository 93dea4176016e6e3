package dev.hookline.core.stats;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-endpoint counters added up in memory while a batch of deliveries runs, and written once per endpoint and
 * bucket when the batch ends ({@link #flush()}), instead of one counter write per attempt: ten deliveries of an SQS
 * batch to one endpoint cost one write, not ten.
 *
 * <p>Reads see what is pending ({@link #buckets} adds it to what is stored), so the circuit breaker's failure rate
 * counts the attempts of the running batch. The counters are statistics: if the function dies before the flush, that
 * batch's counts are lost (the deliveries and their attempts are not: they are recorded as they happen), and a flush
 * that fails keeps its counts for the next one.
 */
public final class BatchedDeliveryStats implements DeliveryStats {

    /** Adds a bucket's counters (attempts, outcomes, latency, dead letters) to the stored bucket in one write. */
    @FunctionalInterface
    public interface BucketWriter {
        void add(String tenantId, String endpointId, StatsBucket counts);
    }

    private record Key(String tenantId, String endpointId, Instant bucket) {
    }

    private final DeliveryStats stored;
    private final BucketWriter writer;
    private final Duration width;
    private final Map<Key, StatsBucket> pending = new ConcurrentHashMap<>();

    /** {@code width} is the stored buckets' width: pending counts are kept per stored bucket. */
    public BatchedDeliveryStats(DeliveryStats stored, BucketWriter writer, Duration width) {
        this.stored = Objects.requireNonNull(stored, "stored");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.width = Objects.requireNonNull(width, "width");
    }

    @Override
    public void recordAttempt(String tenantId, String endpointId, boolean succeeded, long latencyMs, Instant at) {
        long latency = Math.max(0, latencyMs);
        long[] histogram = new long[LatencyHistogram.SLOTS];
        histogram[LatencyHistogram.slot(latency)] = 1;
        Instant bucket = bucketStart(at);
        add(new Key(tenantId, endpointId, bucket),
                new StatsBucket(bucket, 1, succeeded ? 1 : 0, succeeded ? 0 : 1, 0, latency, histogram));
    }

    @Override
    public void recordDeadLetter(String tenantId, String endpointId, Instant at) {
        Instant bucket = bucketStart(at);
        add(new Key(tenantId, endpointId, bucket),
                new StatsBucket(bucket, 0, 0, 0, 1, 0, new long[LatencyHistogram.SLOTS]));
    }

    @Override
    public List<StatsBucket> buckets(String tenantId, String endpointId, Instant from, Instant to) {
        Map<Instant, StatsBucket> merged = new TreeMap<>();
        for (StatsBucket b : stored.buckets(tenantId, endpointId, from, to)) {
            merged.put(b.start(), b);
        }
        Instant first = bucketStart(from);
        Instant last = bucketStart(to);
        pending.forEach((key, counts) -> {
            if (key.tenantId().equals(tenantId) && key.endpointId().equals(endpointId)
                    && !key.bucket().isBefore(first) && !key.bucket().isAfter(last)) {
                merged.merge(key.bucket(), counts, StatsBucket::plus);
            }
        });
        return new ArrayList<>(merged.values());
    }

    /** Writes what is pending, one write per endpoint and bucket; returns how many writes it made. */
    public int flush() {
        int writes = 0;
        RuntimeException failure = null;
        for (Key key : List.copyOf(pending.keySet())) {
            StatsBucket counts = pending.remove(key);
            if (counts == null) {
                continue; // another invocation's flush took it
            }
            try {
                writer.add(key.tenantId(), key.endpointId(), counts);
                writes++;
            } catch (RuntimeException e) {
                add(key, counts); // kept for the next flush
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return writes;
    }

    /** Counts not yet written (for tests and the handler's log). */
    public int pendingBuckets() {
        return pending.size();
    }

    private void add(Key key, StatsBucket counts) {
        pending.merge(key, counts, StatsBucket::plus);
    }

    private Instant bucketStart(Instant at) {
        long seconds = width.toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), seconds) * seconds);
    }
}
