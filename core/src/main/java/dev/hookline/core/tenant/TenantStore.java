package dev.hookline.core.tenant;

import java.util.List;
import java.util.Optional;

/** Port: where tenants and their API keys live. Every read of a key is by (tenant, id) or by hash. */
public interface TenantStore {
    void createTenant(Tenant tenant, ApiKey firstKey);

    Optional<Tenant> findTenant(String tenantId);

    /** Every tenant, newest first, after the tenant {@code afterId} (null for the first page). */
    List<Tenant> listTenants(String afterId, int limit);

    void addKey(ApiKey key);

    List<ApiKey> listKeys(String tenantId);

    /** Removes the key; false when the tenant has no such key. */
    boolean revokeKey(String tenantId, String keyId);

    Optional<ApiKey> findKeyByHash(String keyHash);
}
