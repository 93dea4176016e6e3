package dev.hookline.core.endpoint;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CachedEndpointListsTest {
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    /** Each listAll is counted, as each would be a DynamoDB query. */
    static final class Endpoints implements EndpointStore {
        final List<Endpoint> all = new ArrayList<>();
        int lists;

        @Override
        public void create(Endpoint endpoint) {
            all.add(endpoint);
        }

        @Override
        public Optional<Endpoint> get(String tenantId, String endpointId) {
            return all.stream().filter(e -> e.tenantId().equals(tenantId) && e.id().equals(endpointId)).findFirst();
        }

        @Override
        public List<Endpoint> listAll(String tenantId) {
            lists++;
            return all.stream().filter(e -> e.tenantId().equals(tenantId)).toList();
        }

        @Override
        public List<Endpoint> page(String tenantId, String afterId, int limit) {
            return listAll(tenantId);
        }

        @Override
        public boolean update(Endpoint endpoint) {
            all.removeIf(e -> e.id().equals(endpoint.id()));
            return all.add(endpoint);
        }

        @Override
        public boolean delete(String tenantId, String endpointId) {
            return all.removeIf(e -> e.tenantId().equals(tenantId) && e.id().equals(endpointId));
        }
    }

    private static Endpoint endpoint(String id, String tenant) {
        return new Endpoint(id, tenant, "https://x.test", null, List.of(), true, null, null,
                dev.hookline.core.outbound.RetryPolicy.DEFAULT, java.time.Duration.ofSeconds(15), "sealed", null, null,
                T0, T0, 1);
    }

    private final Endpoints store = new Endpoints();
    private final CachedEndpointLists cached = new CachedEndpointLists(store, Clock.fixed(T0, ZoneOffset.UTC));

    @Test
    void aTenantsListIsQueriedOnceWithinTheTtl() {
        store.create(endpoint("ep_1", "ten_a"));
        assertEquals(1, cached.listAll("ten_a").size());
        assertEquals(1, cached.listAll("ten_a").size());
        assertEquals(1, store.lists);
    }

    @Test
    void everyWriteThroughTheCacheDropsItsTenantsList() {
        cached.listAll("ten_a");
        cached.create(endpoint("ep_1", "ten_a"));
        assertEquals(1, cached.listAll("ten_a").size());
        cached.update(endpoint("ep_1", "ten_a"));
        cached.listAll("ten_a");
        cached.delete("ten_a", "ep_1");
        assertEquals(0, cached.listAll("ten_a").size());
        assertEquals(4, store.lists);
    }

    @Test
    void tenantsAreCachedApart() {
        store.create(endpoint("ep_1", "ten_a"));
        cached.listAll("ten_b");
        cached.create(endpoint("ep_2", "ten_b"));
        assertEquals(List.of("ep_1"), cached.listAll("ten_a").stream().map(Endpoint::id).toList());
        assertEquals(List.of("ep_2"), cached.listAll("ten_b").stream().map(Endpoint::id).toList());
    }
}
