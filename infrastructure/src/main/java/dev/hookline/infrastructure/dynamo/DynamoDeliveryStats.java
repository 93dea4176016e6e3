package dev.hookline.infrastructure.dynamo;

import dev.hookline.core.stats.DeliveryStats;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Per-endpoint delivery statistics as atomic {@code ADD}s into 5-minute buckets of the deliveries table, so a
 * read sums at most a few thousand small counters and never scans delivery history.
 *
 * <p>One item per tenant, endpoint and bucket: {@code pk = T#<tenant>#EP#<endpoint>#STATS},
 * {@code sk = <bucket start as an ISO-8601 UTC instant>} (e.g. {@code 2025-03-01T10:05:00Z}; always with seconds
 * and no fraction, so the strings sort like the instants). Counters: {@code total}, {@code succeeded},
 * {@code failed}, {@code dead_lettered}, {@code latency_sum_ms} and a fixed latency histogram {@code h_0 …
 * h_14}: {@code h_i} counts attempts with latency ≤ {@link #BOUNDS_MS}{@code [i]} (and above the previous
 * bound), {@code h_14} those above the last bound. {@code expires_at} (epoch seconds) is the bucket start plus
 * 8 days, for the table's TTL.
 *
 * <p>Every recorded attempt or dead letter is exactly one {@code UpdateItem}; concurrent writers never lose
 * counts because {@code ADD} is atomic on the item.
 */
public final class DynamoDeliveryStats implements DeliveryStats {
    /** Bucket width. */
    static final Duration BUCKET = Duration.ofMinutes(5);
    /** How long a bucket is kept (the longest window is 7 days; a day of slack). */
    static final Duration RETENTION = Duration.ofDays(8);
    /** Histogram upper bounds in ms; the bucket after the last one is open (+inf). */
    static final long[] BOUNDS_MS = {25, 50, 100, 200, 300, 500, 750, 1_000, 1_500, 2_000, 3_000, 5_000, 10_000, 30_000};
    /** What p95 reports when it falls in the open bucket: the last bound, meaning "at least". */
    static final long LAST_BOUND_MS = 30_000;

    private static final String TOTAL = "total";
    private static final String SUCCEEDED = "succeeded";
    private static final String FAILED = "failed";
    private static final String DEAD_LETTERED = "dead_lettered";
    private static final String LATENCY_SUM = "latency_sum_ms";
    private static final String EXPIRES_AT = "expires_at";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDeliveryStats(DynamoDbClient dynamo, String deliveriesTable) {
        this.dynamo = dynamo;
        this.table = deliveriesTable;
    }

    @Override
    public void recordAttempt(String tenantId, String endpointId, boolean succeeded, long latencyMs, Instant at) {
        long latency = Math.max(0, latencyMs);
        Instant bucket = bucketStart(at);
        dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                .key(Attr.key(pk(tenantId, endpointId), bucket.toString()))
                .updateExpression("ADD #total :one, #outcome :one, #lat :lat, #h :one SET #exp = :exp")
                .expressionAttributeNames(Map.of("#total", TOTAL, "#outcome", succeeded ? SUCCEEDED : FAILED,
                        "#lat", LATENCY_SUM, "#h", histogramAttribute(histogramIndex(latency)), "#exp", EXPIRES_AT))
                .expressionAttributeValues(Map.of(":one", Attr.n(1), ":lat", Attr.n(latency),
                        ":exp", Attr.n(expiresAt(bucket))))
                .build());
    }

    @Override
    public void recordDeadLetter(String tenantId, String endpointId, Instant at) {
        Instant bucket = bucketStart(at);
        dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                .key(Attr.key(pk(tenantId, endpointId), bucket.toString()))
                .updateExpression("ADD #dl :one SET #exp = :exp")
                .expressionAttributeNames(Map.of("#dl", DEAD_LETTERED, "#exp", EXPIRES_AT))
                .expressionAttributeValues(Map.of(":one", Attr.n(1), ":exp", Attr.n(expiresAt(bucket))))
                .build());
    }

    /**
     * Sums the whole 5-minute buckets that overlap {@code [now - window, now]} (one Query, paginated). The
     * {@code BETWEEN} bounds the range, so buckets past their TTL but not yet deleted are never counted.
     *
     * <p>{@code p95ResponseMs} is an upper-bound estimate at histogram resolution: the upper bound of the
     * histogram bucket in which the cumulative count first reaches 95 % of the attempts (so the true p95 is at
     * most this value and above the previous bound). When it falls in the open bucket above the last bound it
     * is reported as that last bound ({@value #LAST_BOUND_MS} ms, i.e. "at least"). 0 when there were no
     * attempts, as are the success rate and the average.
     */
    @Override
    public EndpointStatsView read(String tenantId, String endpointId, Duration window, Instant now) {
        Instant from = bucketStart(now.minus(window));
        Instant to = bucketStart(now);
        long total = 0;
        long succeeded = 0;
        long failed = 0;
        long deadLettered = 0;
        long latencySum = 0;
        long[] histogram = new long[BOUNDS_MS.length + 1];
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = dynamo.query(QueryRequest.builder().tableName(table)
                    .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                    .expressionAttributeValues(Map.of(":pk", Attr.s(pk(tenantId, endpointId)),
                            ":from", Attr.s(from.toString()), ":to", Attr.s(to.toString())))
                    .exclusiveStartKey(start)
                    .build());
            for (Map<String, AttributeValue> item : page.items()) {
                total += Attr.num(item, TOTAL, 0);
                succeeded += Attr.num(item, SUCCEEDED, 0);
                failed += Attr.num(item, FAILED, 0);
                deadLettered += Attr.num(item, DEAD_LETTERED, 0);
                latencySum += Attr.num(item, LATENCY_SUM, 0);
                for (int i = 0; i < histogram.length; i++) {
                    histogram[i] += Attr.num(item, histogramAttribute(i), 0);
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        double successRate = total == 0 ? 0 : (double) succeeded / total;
        double avg = total == 0 ? 0 : (double) latencySum / total;
        return new EndpointStatsView(total, succeeded, failed, successRate, avg, p95(histogram), deadLettered);
    }

    /** The upper bound of the histogram bucket where the cumulative count reaches 95 % (0 without attempts). */
    static double p95(long[] histogram) {
        long count = 0;
        for (long h : histogram) {
            count += h;
        }
        if (count == 0) {
            return 0;
        }
        long cumulative = 0;
        for (int i = 0; i < histogram.length; i++) {
            cumulative += histogram[i];
            if (cumulative * 100 >= count * 95) {
                return i < BOUNDS_MS.length ? BOUNDS_MS[i] : LAST_BOUND_MS;
            }
        }
        return LAST_BOUND_MS;
    }

    /** The index of the histogram bucket for a latency: the first bound it does not exceed, else the open one. */
    static int histogramIndex(long latencyMs) {
        for (int i = 0; i < BOUNDS_MS.length; i++) {
            if (latencyMs <= BOUNDS_MS[i]) {
                return i;
            }
        }
        return BOUNDS_MS.length;
    }

    static String histogramAttribute(int index) {
        return "h_" + index;
    }

    static String pk(String tenantId, String endpointId) {
        return "T#" + tenantId + "#EP#" + endpointId + "#STATS";
    }

    /** The start of the 5-minute bucket holding {@code at} (whole seconds, UTC). */
    static Instant bucketStart(Instant at) {
        long width = BUCKET.toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), width) * width);
    }

    private static long expiresAt(Instant bucket) {
        return bucket.plus(RETENTION).getEpochSecond();
    }
}
