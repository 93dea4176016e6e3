package dev.hookline.infrastructure.dynamo;

import dev.hookline.core.tenant.ApiKey;
import dev.hookline.core.tenant.Tenant;
import dev.hookline.core.tenant.TenantStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.hookline.infrastructure.dynamo.Attr.s;
import static dev.hookline.infrastructure.dynamo.Attr.str;

/**
 * Tenants and API keys in the entities table. A key is written twice in one transaction: under its tenant
 * (to list and revoke it) and under its hash (so authentication is one strongly consistent read, usable
 * the moment the key is issued - an index would be eventually consistent).
 */
public final class DynamoTenantStore implements TenantStore {
    /** Index gsi1 lists every tenant, newest first (ids sort by creation time); only the admin reads it. */
    static final String TENANTS_INDEX_PK = "TENANTS";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoTenantStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    static String tenantPk(String tenantId) {
        return "TEN#" + tenantId;
    }

    @Override
    public void createTenant(Tenant tenant, ApiKey firstKey) {
        Map<String, AttributeValue> item = new HashMap<>(Attr.key(tenantPk(tenant.id()), "TENANT"));
        item.put("kind", s("tenant"));
        item.put("id", s(tenant.id()));
        item.put("name", s(tenant.name()));
        item.put("created_at", Attr.time(tenant.createdAt()));
        item.put("gsi1pk", s(TENANTS_INDEX_PK));
        item.put("gsi1sk", s(tenant.id()));
        Put putTenant = Put.builder().tableName(table).item(item).conditionExpression("attribute_not_exists(pk)").build();
        List<TransactWriteItem> writes = new java.util.ArrayList<>();
        writes.add(TransactWriteItem.builder().put(putTenant).build());
        writes.addAll(keyWrites(firstKey));
        dynamo.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(writes).build());
    }

    @Override
    public Optional<Tenant> findTenant(String tenantId) {
        Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder().tableName(table)
                .key(Attr.key(tenantPk(tenantId), "TENANT")).build()).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Tenant(str(item, "id"), str(item, "name"), Attr.instant(item, "created_at")));
    }

    @Override
    public List<Tenant> listTenants(String afterId, int limit) {
        QueryRequest.Builder q = QueryRequest.builder().tableName(table).indexName("gsi1")
                .keyConditionExpression("gsi1pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(TENANTS_INDEX_PK)))
                .scanIndexForward(false)
                .limit(limit);
        if (afterId != null) {
            q.exclusiveStartKey(Map.of("pk", s(tenantPk(afterId)), "sk", s("TENANT"), "gsi1pk", s(TENANTS_INDEX_PK),
                    "gsi1sk", s(afterId)));
        }
        return dynamo.query(q.build()).items().stream()
                .map(item -> new Tenant(str(item, "id"), str(item, "name"), Attr.instant(item, "created_at")))
                .toList();
    }

    @Override
    public void addKey(ApiKey key) {
        dynamo.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(keyWrites(key)).build());
    }

    @Override
    public List<ApiKey> listKeys(String tenantId) {
        return dynamo.queryPaginator(QueryRequest.builder().tableName(table)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                        .expressionAttributeValues(Map.of(":pk", s(tenantPk(tenantId)), ":prefix", s("KEY#")))
                        .build())
                .items().stream().map(DynamoTenantStore::toKey).toList();
    }

    @Override
    public boolean revokeKey(String tenantId, String keyId) {
        Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder().tableName(table)
                .key(Attr.key(tenantPk(tenantId), "KEY#" + keyId)).consistentRead(true).build()).item();
        if (item == null || item.isEmpty()) {
            return false;
        }
        dynamo.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(
                TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                        .key(Attr.key(tenantPk(tenantId), "KEY#" + keyId)).build()).build(),
                TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                        .key(Attr.key(hashPk(str(item, "key_hash")), "KEYHASH")).build()).build()).build());
        return true;
    }

    @Override
    public Optional<ApiKey> findKeyByHash(String keyHash) {
        Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder().tableName(table)
                .key(Attr.key(hashPk(keyHash), "KEYHASH")).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toKey(item));
    }

    private List<TransactWriteItem> keyWrites(ApiKey key) {
        Map<String, AttributeValue> fields = new HashMap<>();
        fields.put("kind", s("api_key"));
        fields.put("id", s(key.id()));
        fields.put("tenant_id", s(key.tenantId()));
        fields.put("name", s(key.name()));
        fields.put("key_hash", s(key.keyHash()));
        fields.put("hint", s(key.hint()));
        fields.put("created_at", Attr.time(key.createdAt()));
        Map<String, AttributeValue> byTenant = new HashMap<>(fields);
        byTenant.putAll(Attr.key(tenantPk(key.tenantId()), "KEY#" + key.id()));
        Map<String, AttributeValue> byHash = new HashMap<>(fields);
        byHash.putAll(Attr.key(hashPk(key.keyHash()), "KEYHASH"));
        return List.of(
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(byTenant)
                        .conditionExpression("attribute_not_exists(pk)").build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(byHash)
                        .conditionExpression("attribute_not_exists(pk)").build()).build());
    }

    private static String hashPk(String keyHash) {
        return "KEYHASH#" + keyHash;
    }

    private static ApiKey toKey(Map<String, AttributeValue> item) {
        return new ApiKey(str(item, "id"), str(item, "tenant_id"), str(item, "name"), str(item, "key_hash"),
                str(item, "hint"), Attr.instant(item, "created_at"));
    }
}
