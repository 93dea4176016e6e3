package dev.hookline.core.tenant;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CachedApiKeysTest {
    /** Only the key calls matter here; each lookup is counted, as each would be a DynamoDB read. */
    static final class Keys implements TenantStore {
        final List<ApiKey> keys = new ArrayList<>();
        int lookups;

        @Override
        public Optional<ApiKey> findKeyByHash(String keyHash) {
            lookups++;
            return keys.stream().filter(k -> k.keyHash().equals(keyHash)).findFirst();
        }

        @Override
        public boolean revokeKey(String tenantId, String keyId) {
            return keys.removeIf(k -> k.tenantId().equals(tenantId) && k.id().equals(keyId));
        }

        @Override
        public void addKey(ApiKey key) {
            keys.add(key);
        }

        @Override
        public void createTenant(Tenant tenant, ApiKey firstKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Tenant> findTenant(String tenantId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Tenant> listTenants(String afterId, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ApiKey> listKeys(String tenantId) {
            throw new UnsupportedOperationException();
        }
    }

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private final Keys store = new Keys();
    private final CachedApiKeys cached = new CachedApiKeys(store, Clock.fixed(T0, ZoneOffset.UTC));

    private static ApiKey key(String id, String tenant, String hash) {
        return new ApiKey(id, tenant, "ci", hash, "hk_…", T0);
    }

    @Test
    void aKnownKeyIsReadOnceWithinTheTtl() {
        cached.addKey(key("key_1", "ten_a", "h1"));
        assertEquals("key_1", cached.findKeyByHash("h1").orElseThrow().id());
        assertEquals("key_1", cached.findKeyByHash("h1").orElseThrow().id());
        assertEquals(1, store.lookups);
    }

    @Test
    void revokingThroughTheCacheRefusesTheKeyAtOnce() {
        cached.addKey(key("key_1", "ten_a", "h1"));
        cached.addKey(key("key_2", "ten_a", "h2"));
        cached.findKeyByHash("h1");
        cached.findKeyByHash("h2");
        assertTrue(cached.revokeKey("ten_a", "key_1"));
        assertTrue(cached.findKeyByHash("h1").isEmpty());
        assertEquals("key_2", cached.findKeyByHash("h2").orElseThrow().id(), "the other key stays cached");
        assertEquals(3, store.lookups);
    }

    @Test
    void anUnknownKeyIsNotRememberedSoAKeyIssuedLaterWorksAtOnce() {
        assertTrue(cached.findKeyByHash("h9").isEmpty());
        store.addKey(key("key_9", "ten_b", "h9")); // issued by another execution environment
        assertEquals("key_9", cached.findKeyByHash("h9").orElseThrow().id());
    }
}
