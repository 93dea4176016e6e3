package dev.hookline.infrastructure.dynamo;

import dev.hookline.core.stats.DeliveryStats;
import dev.hookline.core.stats.LatencyHistogram;
import dev.hookline.core.stats.StatsBucket;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Per-endpoint delivery statistics as atomic {@code ADD}s into 5-minute buckets of the deliveries table, so a
 * read sums at most a few thousand small counters and never scans delivery history.
 *
 * <p>One item per tenant, endpoint and bucket: {@code pk = T#<tenant>#EP#<endpoint>#STATS},
 * {@code sk = <bucket start as an ISO-8601 UTC instant>} (e.g. {@code 2025-03-01T10:05:00Z}; always with seconds
 * and no fraction, so the strings sort like the instants). Counters: {@code total}, {@code succeeded},
 * {@code failed}, {@code dead_lettered}, {@code latency_sum_ms} and a fixed latency histogram {@code h_0 …
 * h_14}: {@code h_i} counts the attempts in {@link LatencyHistogram} slot {@code i} (h_14: above the last bound).
 * Sums, rates and percentiles are computed in core ({@link DeliveryStats#read}, {@link StatsBucket}). {@code expires_at} (epoch seconds) is the bucket start plus
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
                        "#lat", LATENCY_SUM, "#h", histogramAttribute(LatencyHistogram.slot(latency)), "#exp", EXPIRES_AT))
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
     * The buckets overlapping {@code [from, to]}: one Query, paginated, on the range from the bucket holding
     * {@code from} to the one holding {@code to}. The {@code BETWEEN} bounds the range, so buckets past their TTL but
     * not yet deleted are never counted.
     */
    @Override
    public List<StatsBucket> buckets(String tenantId, String endpointId, Instant from, Instant to) {
        List<StatsBucket> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = dynamo.query(QueryRequest.builder().tableName(table)
                    .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                    .expressionAttributeValues(Map.of(":pk", Attr.s(pk(tenantId, endpointId)),
                            ":from", Attr.s(bucketStart(from).toString()), ":to", Attr.s(bucketStart(to).toString())))
                    .exclusiveStartKey(start)
                    .build());
            for (Map<String, AttributeValue> item : page.items()) {
                long[] histogram = new long[LatencyHistogram.SLOTS];
                for (int i = 0; i < histogram.length; i++) {
                    histogram[i] = Attr.num(item, histogramAttribute(i), 0);
                }
                out.add(new StatsBucket(Instant.parse(item.get("sk").s()), Attr.num(item, TOTAL, 0),
                        Attr.num(item, SUCCEEDED, 0), Attr.num(item, FAILED, 0), Attr.num(item, DEAD_LETTERED, 0),
                        Attr.num(item, LATENCY_SUM, 0), histogram));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
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
