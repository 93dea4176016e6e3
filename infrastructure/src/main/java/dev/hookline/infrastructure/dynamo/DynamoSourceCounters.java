package dev.hookline.infrastructure.dynamo;

import dev.hookline.core.inbound.SourceCounters;
import dev.hookline.core.inbound.source.Source;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-source counters as atomic ADDs in the deliveries table, one item per source and hour for totals (shed
 * records, verification failures by reason) and one per second for the rate limit; all expire by TTL.
 */
public final class DynamoSourceCounters implements SourceCounters {
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
