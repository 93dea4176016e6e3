package dev.hookline.core.endpoint;

import dev.hookline.core.cache.TtlCache;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The endpoint store with each tenant's full list ({@link #listAll}) cached in the execution environment for
 * {@link #TTL}: the publisher reads it only to count the subscribed endpoints in its 202 answer, so a warm API
 * function answers a publish without a DynamoDB query. Fan-out, which decides who is sent an event, reads the store
 * itself and never this cache. Invalidation: a create, update or delete through this store drops the tenant's list at
 * once (the management API and the publisher share one in the API function); a change made elsewhere (the breaker
 * disabling an endpoint in the worker) shows in the count at most {@link #TTL} late.
 */
public final class CachedEndpointLists implements EndpointStore {
    public static final Duration TTL = Duration.ofSeconds(5);
    static final int MAX_TENANTS = 1000;

    private final EndpointStore store;
    private final TtlCache<String, List<Endpoint>> lists;

    public CachedEndpointLists(EndpointStore store, Clock clock) {
        this.store = store;
        this.lists = new TtlCache<>(TTL, MAX_TENANTS, clock);
    }

    @Override
    public List<Endpoint> listAll(String tenantId) {
        return lists.get(tenantId, store::listAll);
    }

    @Override
    public void create(Endpoint endpoint) {
        store.create(endpoint);
        lists.invalidate(endpoint.tenantId());
    }

    @Override
    public boolean update(Endpoint endpoint) {
        boolean updated = store.update(endpoint);
        lists.invalidate(endpoint.tenantId());
        return updated;
    }

    @Override
    public boolean delete(String tenantId, String endpointId) {
        boolean deleted = store.delete(tenantId, endpointId);
        lists.invalidate(tenantId);
        return deleted;
    }

    @Override
    public Optional<Endpoint> get(String tenantId, String endpointId) {
        return store.get(tenantId, endpointId);
    }

    @Override
    public List<Endpoint> page(String tenantId, String afterId, int limit) {
        return store.page(tenantId, afterId, limit);
    }
}
