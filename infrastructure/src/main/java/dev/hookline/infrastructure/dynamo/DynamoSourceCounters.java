package dev.hookline.infrastructure.dynamo;

import dev.hookline.core.inbound.source.Source;
import dev.hookline.core.inbound.source.SourceCounters;
import dev.hookline.core.inbound.source.VerificationFailureLog;
import dev.hookline.core.inbound.verify.VerificationFailure;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-source counters as atomic ADDs in the deliveries table, one item per source and hour for totals (shed
 * records, verification failures by reason) and one per second for the rate limit; all expire by TTL.
 *
 * <p>Failed verifications are kept in a ring per source and hour ({@code T#<t>#SRC#<id>#VFAIL} /
 * {@code <hour>#<slot>}): the n-th failure of an hour overwrites slot {@code n mod 20}. So a source holds at
 * most 20 items per hour (for a week, by TTL), and the newest 40 items always contain the 20 newest failures:
 * every hour but the oldest read is complete, and an hour holds at most 20.
 */
public final class DynamoSourceCounters implements SourceCounters, VerificationFailureLog {
    static final Duration FAILURES_KEPT_FOR = Duration.ofDays(7);

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoSourceCounters(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public long perSecond(Source source, Instant now) {
        long second = now.getEpochSecond();
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item = dynamo.updateItem(
                UpdateItemRequest.builder().tableName(table)
                        .key(Attr.key("T#" + source.tenantId() + "#SRC#" + source.id() + "#RATE", Long.toString(second)))
                        .updateExpression("ADD calls :one SET expires_at = :exp")
                        .expressionAttributeValues(Map.of(":one", Attr.n(1), ":exp", Attr.n(second + 120)))
                        .returnValues(ReturnValue.UPDATED_NEW).build()).attributes();
        return Attr.num(item, "calls", 1);
    }

    @Override
    public void shed(Source source, int records, Instant now) {
        add(source, now, "shed", records);
    }

    @Override
    public void quarantined(Source source, int records, Instant now) {
        add(source, now, "quarantined", records);
    }

    /**
     * One item per source ({@code T#<tenant>#SRC#<id>#BACKLOG / window}) holding a count per window-long bucket:
     * one UpdateItem adds to the current bucket, drops the one before the previous, and returns both that remain,
     * so the sliding estimate is {@code current + previous * (the share of the previous bucket still in the window)}.
     */
    @Override
    public long backlog(Source source, long records, Duration window, Instant now) {
        long size = Math.max(1, window.toSeconds());
        long bucket = now.getEpochSecond() / size;
        Map<String, AttributeValue> item = dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                .key(Attr.key("T#" + source.tenantId() + "#SRC#" + source.id() + "#BACKLOG", "window"))
                .updateExpression("ADD #cur :n SET expires_at = :exp REMOVE #old")
                .expressionAttributeNames(Map.of("#cur", "b" + bucket, "#old", "b" + (bucket - 2)))
                .expressionAttributeValues(Map.of(":n", Attr.n(records), ":exp", Attr.n(now.getEpochSecond() + 3 * size)))
                .returnValues(ReturnValue.ALL_NEW).build()).attributes();
        long current = Attr.num(item, "b" + bucket, 0);
        long previous = Attr.num(item, "b" + (bucket - 1), 0);
        double elapsed = (now.getEpochSecond() % size) / (double) size;
        return Math.max(0, current + Math.round(previous * (1 - elapsed)));
    }

    @Override
    public Map<String, Long> totals(Source source, Instant since) {
        Map<String, Long> sums = new TreeMap<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = dynamo.query(QueryRequest.builder().tableName(table)
                    .keyConditionExpression("pk = :pk AND sk >= :since")
                    .expressionAttributeValues(Map.of(":pk", Attr.s("T#" + source.tenantId() + "#SRC#" + source.id() + "#STATS"),
                            ":since", Attr.s(since.truncatedTo(ChronoUnit.HOURS).toString())))
                    .exclusiveStartKey(start).build());
            for (Map<String, AttributeValue> item : page.items()) {
                item.forEach((name, value) -> {
                    if (value.n() != null && !name.equals("expires_at")) {
                        sums.merge(name, Long.parseLong(value.n()), Long::sum);
                    }
                });
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return sums;
    }

    @Override
    public long verificationFailed(Source source, String reason, Instant now) {
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item = dynamo.updateItem(
                UpdateItemRequest.builder().tableName(table)
                        .key(Attr.key("T#" + source.tenantId() + "#SRC#" + source.id() + "#STATS", hour.toString()))
                        .updateExpression("ADD verification_failed :one, #r :one SET expires_at = :exp")
                        .expressionAttributeNames(Map.of("#r", "verification_failed_" + reason.replaceAll("[^a-z_]", "")))
                        .expressionAttributeValues(Map.of(":one", Attr.n(1), ":exp", Attr.n(hour.getEpochSecond() + 30L * 86400)))
                        .returnValues(ReturnValue.UPDATED_NEW).build()).attributes();
        return Attr.num(item, "verification_failed", 1);
    }

    @Override
    public void keepFailure(Source source, VerificationFailure f, long countThisHour) {
        Instant hour = f.at().truncatedTo(ChronoUnit.HOURS);
        long slot = Math.floorMod(countThisHour - 1, (long) KEPT);
        Map<String, AttributeValue> item = new HashMap<>(Attr.key(failuresPk(source.tenantId(), source.id()),
                Attr.sortable(hour) + "#" + String.format("%02d", slot)));
        item.put("at", Attr.time(f.at()));
        item.put("scheme", Attr.s(f.scheme()));
        item.put("reason", Attr.s(f.reason()));
        item.put("detail", Attr.s(f.detail()));
        item.put("header_names", AttributeValue.fromL(f.headerNames().stream().map(Attr::s).toList()));
        item.put("body_length", Attr.n(f.bodyLength()));
        item.put("body_sha256", Attr.s(f.bodySha256()));
        if (f.timestampSkewSeconds() != null) {
            item.put("timestamp_skew_s", Attr.n(f.timestampSkewSeconds()));
        }
        item.put("expires_at", Attr.n(f.at().plus(FAILURES_KEPT_FOR).getEpochSecond()));
        dynamo.putItem(PutItemRequest.builder().tableName(table).item(item).build());
    }

    @Override
    public List<VerificationFailure> last(String tenantId, String sourceId, int limit) {
        List<Map<String, AttributeValue>> items = dynamo.query(QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :pk").scanIndexForward(false).limit(2 * KEPT)
                .expressionAttributeValues(Map.of(":pk", Attr.s(failuresPk(tenantId, sourceId)))).build()).items();
        List<VerificationFailure> out = new ArrayList<>();
        for (Map<String, AttributeValue> i : items) {
            if (Attr.num(i, "expires_at", Long.MAX_VALUE) <= Instant.now().getEpochSecond()) {
                continue; // TTL removes it eventually; it is over now
            }
            List<String> names = i.containsKey("header_names")
                    ? i.get("header_names").l().stream().map(AttributeValue::s).toList() : List.of();
            out.add(new VerificationFailure(Attr.instant(i, "at"), Attr.str(i, "scheme"), Attr.str(i, "reason"),
                    Attr.str(i, "detail"), names, (int) Attr.num(i, "body_length", 0), Attr.str(i, "body_sha256"),
                    i.containsKey("timestamp_skew_s") ? Attr.num(i, "timestamp_skew_s", 0) : null));
        }
        out.sort(Comparator.comparing(VerificationFailure::at).reversed());
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    private static String failuresPk(String tenantId, String sourceId) {
        return "T#" + tenantId + "#SRC#" + sourceId + "#VFAIL";
    }

    /** Hourly totals, readable per source: {@code T#<tenant>#SRC#<id>#STATS / <hour>}. */
    private void add(Source source, Instant now, String counter, long by) {
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                .key(Attr.key("T#" + source.tenantId() + "#SRC#" + source.id() + "#STATS", hour.toString()))
                .updateExpression("ADD #c :by SET expires_at = :exp")
                .expressionAttributeNames(Map.of("#c", counter))
                .expressionAttributeValues(Map.of(":by", Attr.n(by), ":exp", Attr.n(hour.getEpochSecond() + 30L * 86400)))
                .build());
    }
}
