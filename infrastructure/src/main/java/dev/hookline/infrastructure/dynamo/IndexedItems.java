package dev.hookline.infrastructure.dynamo;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.hookline.infrastructure.dynamo.Attr.str;

/**
 * The deliveries table's gsi1 (an endpoint's deliveries, a tenant's runs) projects keys only, so the frequent writes
 * of a delivery or run (each attempt, each status) never write the index. A listing, which is rare, reads the items
 * of each index page with one BatchGetItem and filters them itself.
 */
final class IndexedItems {
    private IndexedItems() {
    }

    /** The items whose keys a page of the index holds, in the page's order (null where one has gone meanwhile). */
    static List<Map<String, AttributeValue>> fetch(DynamoDbClient dynamo, String table,
                                                   List<Map<String, AttributeValue>> indexItems) {
        Map<String, Map<String, AttributeValue>> found = new HashMap<>();
        for (int i = 0; i < indexItems.size(); i += 100) {
            List<Map<String, AttributeValue>> keys = indexItems.subList(i, Math.min(i + 100, indexItems.size()))
                    .stream().map(k -> Attr.key(str(k, "pk"), str(k, "sk"))).toList();
            Map<String, KeysAndAttributes> pending = Map.of(table, KeysAndAttributes.builder().keys(keys).build());
            for (int tries = 0; !pending.isEmpty(); tries++) {
                if (tries == 8) {
                    throw new IllegalStateException("DynamoDB left keys unprocessed after 8 tries");
                }
                BatchGetItemResponse got = dynamo.batchGetItem(BatchGetItemRequest.builder().requestItems(pending).build());
                got.responses().getOrDefault(table, List.of())
                        .forEach(item -> found.put(str(item, "pk") + "\n" + str(item, "sk"), item));
                pending = got.hasUnprocessedKeys() ? got.unprocessedKeys() : Map.of();
            }
        }
        List<Map<String, AttributeValue>> out = new ArrayList<>(indexItems.size());
        indexItems.forEach(k -> out.add(found.get(str(k, "pk") + "\n" + str(k, "sk"))));
        return out;
    }
}
