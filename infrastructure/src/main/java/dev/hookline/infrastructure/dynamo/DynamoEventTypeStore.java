package dev.hookline.infrastructure.dynamo;

import dev.hookline.core.catalog.CatalogSettings;
import dev.hookline.core.catalog.EventType;
import dev.hookline.core.catalog.EventTypeStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.Select;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.hookline.infrastructure.dynamo.Attr.s;

/**
 * A tenant's event catalog in the entities table, under the tenant's partition: each type at
 * {@code TEN#<tenant>} / {@code ET#<name>} and the catalog settings at {@code TEN#<tenant>} / {@code CATALOG}. The
 * tenant is part of every key, so no read can reach another tenant's types; publishing reads the settings and one type
 * with a single BatchGetItem.
 */
public final class DynamoEventTypeStore implements EventTypeStore {
    static final String TYPE_PREFIX = "ET#";
    static final String SETTINGS_SK = "CATALOG";
    /** BatchGetItem may leave keys unprocessed under throttling; a few more tries, then the read fails loudly. */
    private static final int BATCH_TRIES = 5;

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoEventTypeStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    private static Map<String, AttributeValue> typeKey(String tenantId, String name) {
        return Attr.key(DynamoTenantStore.tenantPk(tenantId), TYPE_PREFIX + name);
    }

    private static Map<String, AttributeValue> settingsKey(String tenantId) {
        return Attr.key(DynamoTenantStore.tenantPk(tenantId), SETTINGS_SK);
    }

    @Override
    public boolean create(EventType type) {
        try {
            dynamo.putItem(PutItemRequest.builder().tableName(table).item(item(type, type.version()))
                    .conditionExpression("attribute_not_exists(pk)").build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Optional<EventType> get(String tenantId, String name) {
        Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder().tableName(table)
                .key(typeKey(tenantId, name)).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(read(tenantId, item));
    }

    @Override
    public List<EventType> page(String tenantId, String afterName, int limit) {
        QueryRequest.Builder q = typesQuery(tenantId).limit(limit);
        if (afterName != null) {
            q.exclusiveStartKey(typeKey(tenantId, afterName));
        }
        List<EventType> out = new ArrayList<>();
        dynamo.query(q.build()).items().forEach(item -> out.add(read(tenantId, item)));
        return out;
    }

    @Override
    public int count(String tenantId) {
        int count = 0;
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder q = typesQuery(tenantId).select(Select.COUNT);
            if (start != null) {
                q.exclusiveStartKey(start);
            }
            var response = dynamo.query(q.build());
            count += response.count();
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }

    private QueryRequest.Builder typesQuery(String tenantId) {
        return QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :et)")
                .expressionAttributeValues(Map.of(":pk", s(DynamoTenantStore.tenantPk(tenantId)), ":et", s(TYPE_PREFIX)));
    }

    @Override
    public boolean update(EventType type) {
        try {
            dynamo.putItem(PutItemRequest.builder().tableName(table).item(item(type, type.version() + 1))
                    .conditionExpression("version = :v")
                    .expressionAttributeValues(Map.of(":v", Attr.n(type.version()))).build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean delete(String tenantId, String name) {
        try {
            dynamo.deleteItem(DeleteItemRequest.builder().tableName(table).key(typeKey(tenantId, name))
                    .conditionExpression("attribute_exists(pk)").build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public CatalogSettings settings(String tenantId) {
        Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder().tableName(table)
                .key(settingsKey(tenantId)).consistentRead(true).build()).item();
        return settings(item);
    }

    @Override
    public void saveSettings(String tenantId, CatalogSettings settings) {
        Map<String, AttributeValue> item = new HashMap<>(settingsKey(tenantId));
        item.put("kind", s("event_catalog"));
        item.put("tenant_id", s(tenantId));
        item.put("refuse_unregistered", AttributeValue.fromBool(settings.refuseUnregistered()));
        item.put("validate_data", AttributeValue.fromBool(settings.validateData()));
        dynamo.putItem(PutItemRequest.builder().tableName(table).item(item).build());
    }

    /**
     * One BatchGetItem for both items, eventually consistent (half the read cost): the catalog's own cache already
     * allows a change to take a few seconds to reach every publisher.
     */
    @Override
    public Lookup lookup(String tenantId, String name) {
        Map<String, AttributeValue> typeKey = typeKey(tenantId, name);
        Map<String, AttributeValue> settingsKey = settingsKey(tenantId);
        Map<String, KeysAndAttributes> pending = Map.of(table, KeysAndAttributes.builder()
                .keys(List.of(typeKey, settingsKey)).build());
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        for (int tries = 0; !pending.isEmpty(); tries++) {
            if (tries == BATCH_TRIES) {
                throw new IllegalStateException("DynamoDB left the catalog lookup unprocessed " + BATCH_TRIES + " times");
            }
            BatchGetItemResponse response = dynamo.batchGetItem(BatchGetItemRequest.builder().requestItems(pending).build());
            found.addAll(response.responses().getOrDefault(table, List.of()));
            pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
        }
        Map<String, AttributeValue> typeItem = null;
        Map<String, AttributeValue> settingsItem = null;
        for (Map<String, AttributeValue> item : found) {
            if (SETTINGS_SK.equals(Attr.str(item, "sk"))) {
                settingsItem = item;
            } else if ((TYPE_PREFIX + name).equals(Attr.str(item, "sk"))) {
                typeItem = item;
            }
        }
        return new Lookup(settings(settingsItem), Optional.ofNullable(typeItem).map(i -> read(tenantId, i)));
    }

    private static CatalogSettings settings(Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty()) {
            return CatalogSettings.DEFAULT;
        }
        return new CatalogSettings(bool(item, "refuse_unregistered"), bool(item, "validate_data"));
    }

    private static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v != null && Boolean.TRUE.equals(v.bool());
    }

    private Map<String, AttributeValue> item(EventType t, long version) {
        Map<String, AttributeValue> item = new HashMap<>(typeKey(t.tenantId(), t.name()));
        item.put("kind", s("event_type"));
        item.put("tenant_id", s(t.tenantId()));
        item.put("name", s(t.name()));
        putIfPresent(item, "category", t.category());
        putIfPresent(item, "description", t.description());
        putIfPresent(item, "schema", t.schemaJson());
        putIfPresent(item, "example", t.exampleJson());
        item.put("deprecated", AttributeValue.fromBool(t.deprecated()));
        item.put("created_at", Attr.time(t.createdAt()));
        item.put("updated_at", Attr.time(t.updatedAt()));
        item.put("version", Attr.n(version));
        return item;
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    /** The tenant is the caller's, never the item's: a key under the tenant's partition is the tenant's. */
    private static EventType read(String tenantId, Map<String, AttributeValue> item) {
        return new EventType(tenantId, Attr.str(item, "name"), Attr.str(item, "category"), Attr.str(item, "description"),
                Attr.str(item, "schema"), Attr.str(item, "example"), bool(item, "deprecated"),
                Attr.instant(item, "created_at"), Attr.instant(item, "updated_at"), Attr.num(item, "version", 1));
    }
}
