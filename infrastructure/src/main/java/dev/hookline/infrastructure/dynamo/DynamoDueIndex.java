package dev.hookline.infrastructure.dynamo;

import dev.hookline.core.schedule.DueIndex;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static dev.hookline.infrastructure.dynamo.Attr.s;
import static dev.hookline.infrastructure.dynamo.Attr.str;

/**
 * The deliveries table's {@code due} index (see {@link DueAttributes}). KEYS_ONLY: an entry is the item's key
 * ({@code T#<tenant>#MSG#<id>} or {@code T#<tenant>#DLV#<id>}) and its due time, so keeping it costs an index
 * write only when an item enters, leaves or changes its due time - never on the claims and leases in between.
 */
public final class DynamoDueIndex implements DueIndex {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDueIndex(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public List<Entry> due(Kind kind, Instant upTo, int limit) {
        List<Entry> out = new ArrayList<>();
        for (int shard = 0; shard < DueAttributes.SHARDS; shard++) {
            var items = dynamo.query(QueryRequest.builder().tableName(table).indexName("due")
                    .keyConditionExpression("#shard = :shard AND #at <= :upTo")
                    .expressionAttributeNames(Map.of("#shard", DueAttributes.SHARD, "#at", DueAttributes.AT))
                    .expressionAttributeValues(Map.of(":shard", s(DueAttributes.prefix(kind) + "#" + shard),
                            ":upTo", Attr.time(upTo)))
                    .limit(limit).build()).items();
            for (Map<String, AttributeValue> item : items) {
                out.add(entry(kind, item));
            }
        }
        out.sort(Comparator.comparing(Entry::dueAt));
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    /** {@code T#<tenant>#MSG#<id>} / {@code T#<tenant>#DLV#<id>}: tenant ids never contain '#'. */
    private static Entry entry(Kind kind, Map<String, AttributeValue> item) {
        String pk = str(item, "pk");
        int tenantEnd = pk.indexOf('#', 2);
        int idStart = pk.indexOf('#', tenantEnd + 1) + 1;
        return new Entry(kind, pk.substring(2, tenantEnd), pk.substring(idStart), Attr.instant(item, DueAttributes.AT));
    }
}
