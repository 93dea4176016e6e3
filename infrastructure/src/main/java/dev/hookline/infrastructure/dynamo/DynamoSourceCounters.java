package dev.hookline.infrastructure.dynamo;

import dev.hookline.core.inbound.SourceCounters;
import dev.hookline.core.inbound.source.Source;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

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
