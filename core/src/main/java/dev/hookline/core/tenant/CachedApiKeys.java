package dev.hookline.core.tenant;

import dev.hookline.core.cache.TtlCache;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The tenant store with API keys looked up by hash cached in the execution environment for {@link #TTL}, so a warm
 * API function authenticates a known key without a DynamoDB read. Invalidation: revoking a key through this store
 * drops it at once here; another execution environment may still accept a revoked key for at most {@link #TTL}.
 * Only keys found are cached (an unknown key is asked again every time), so a new key works at once everywhere.
 */
public final class CachedApiKeys implements TenantStore {
    public static final Duration TTL = Duration.ofSeconds(5);
    static final int MAX_KEYS = 10_000;

    private final TenantStore store;
    private final TtlCache<String, ApiKey> byHash;

    public CachedApiKeys(TenantStore store, Clock clock) {
        this.store = store;
        this.byHash = new TtlCache<>(TTL, MAX_KEYS, clock);
    }

    @Override
    public Optional<ApiKey> findKeyByHash(String keyHash) {
        return Optional.ofNullable(byHash.get(keyHash, hash -> store.findKeyByHash(hash).orElse(null)));
    }

    @Override
    public boolean revokeKey(String tenantId, String keyId) {
        boolean revoked = store.revokeKey(tenantId, keyId);
        byHash.invalidateIf(hash -> false, key -> key.tenantId().equals(tenantId) && key.id().equals(keyId));
        return revoked;
    }

    @Override
    public void createTenant(Tenant tenant, ApiKey firstKey) {
        store.createTenant(tenant, firstKey);
    }

    @Override
    public Optional<Tenant> findTenant(String tenantId) {
        return store.findTenant(tenantId);
    }

    @Override
    public List<Tenant> listTenants(String afterId, int limit) {
        return store.listTenants(afterId, limit);
    }

    @Override
    public void addKey(ApiKey key) {
        store.addKey(key);
    }

    @Override
    public List<ApiKey> listKeys(String tenantId) {
        return store.listKeys(tenantId);
    }
}
