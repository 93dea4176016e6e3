package dev.hookline.infrastructure.dynamo;

import dev.hookline.core.tenant.ApiKey;
import dev.hookline.core.tenant.Tenant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DynamoTenantStoreTest {
    private static DynamoLocal local;
    private static DynamoTenantStore store;

    @BeforeAll
    static void start() {
        local = DynamoLocal.start().entities();
        store = new DynamoTenantStore(local.client(), DynamoLocal.ENTITIES);
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    @Test
    void listsEveryTenantNewestFirstInPagesWithoutTheirKeys() {
        // Ids sort by creation time (Ids: 48 bits of milliseconds first), so id order is age order.
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = "ten_01HQ3V9X0C8K2M4N6P8R0S2T" + (char) ('A' + i) + "0";
            Tenant t = new Tenant(id, "tenant " + i, Instant.parse("2025-03-01T10:00:00Z").plusSeconds(i));
            store.createTenant(t, new ApiKey("key_" + i, id, "default", "hash" + i, "hk_x…", t.createdAt()));
            created.add(0, id);
        }
        List<Tenant> first = store.listTenants(null, 2);
        List<Tenant> second = store.listTenants(first.getLast().id(), 2);
        List<Tenant> third = store.listTenants(second.getLast().id(), 2);
        List<String> seen = new ArrayList<>();
        for (List<Tenant> page : List.of(first, second, third)) {
            page.forEach(t -> seen.add(t.id()));
        }
        assertEquals(created, seen);
        assertEquals("tenant 4", first.getFirst().name());
        assertEquals(Instant.parse("2025-03-01T10:00:04Z"), first.getFirst().createdAt());
        assertTrue(store.listTenants(third.getLast().id(), 2).isEmpty());
    }
}
