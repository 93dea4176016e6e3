package dev.hookline.infrastructure.dynamo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.core.crypto.Tokens;
import dev.hookline.core.inbound.source.Source;
import dev.hookline.core.inbound.source.SourceMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DynamoSourceStoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Duration GRACE = Duration.ofHours(24);

    private static DynamoLocal local;
    private static DynamoSourceStore store;

    @BeforeAll
    static void start() {
        local = DynamoLocal.start().entities();
        store = new DynamoSourceStore(local.client(), DynamoLocal.ENTITIES);
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    private static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Source source(String tenant, String id, String tokenHash) {
        return new Source(id, tenant, "orders", SourceMode.TRIGGER, null, "hmac-sha256", null, List.of(),
                Source.DEFAULT_MAX_BODY, null, json("{\"pipeline\":\"p\"}"), null, false, null, tokenHash, null, null,
                T0, T0, 1);
    }

    /** What the service does on rotation: the old current token becomes the previous one until the grace end. */
    private static Source rotated(Source s, String newHash, Instant at) {
        return new Source(s.id(), s.tenantId(), s.name(), s.mode(), s.sealedVerification(), s.verificationScheme(),
                s.secretArn(), s.ipAllowlist(), s.maxBodyBytes(), s.dedup(), s.trigger(), s.stream(),
                s.requireClientCert(), s.clientCertSubject(), newHash, s.tokenHash(), at.plus(GRACE), s.createdAt(), at,
                s.version());
    }

    private static Source renamed(Source s, String name) {
        return new Source(s.id(), s.tenantId(), name, s.mode(), s.sealedVerification(), s.verificationScheme(),
                s.secretArn(), s.ipAllowlist(), s.maxBodyBytes(), s.dedup(), s.trigger(), s.stream(),
                s.requireClientCert(), s.clientCertSubject(), s.tokenHash(), s.previousTokenHash(),
                s.previousTokenExpiresAt(), s.createdAt(), s.updatedAt(), s.version());
    }

    private static Map<String, AttributeValue> tokenItem(String hash) {
        Map<String, AttributeValue> item = local.client().getItem(GetItemRequest.builder().tableName(DynamoLocal.ENTITIES)
                .key(Attr.key("INGEST#" + hash, "INGEST")).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? null : item;
    }

    @Test
    void roundTripsEveryField() {
        String tenant = unique("ten");
        Source full = new Source(unique("src"), tenant, "billing events", SourceMode.STREAM, "sealed:v1:abc",
                "stripe", "arn:aws:secretsmanager:us-east-1:123:secret:x", List.of("10.0.0.0/8", "192.168.1.1"),
                512 * 1024, json("{\"key\":\"$.id\",\"window_s\":3600}"), json("{\"pipeline\":\"p\",\"params\":[1,2]}"),
                json("{\"name\":\"s1\",\"order\":\"$.seq\"}"), true, "CN=client.example", unique("hash"),
                unique("prev"), T0.plusSeconds(3600), T0, T0.plusSeconds(5), 1);
        store.create(full);
        assertEquals(Optional.of(full), store.get(tenant, full.id()));

        Source minimal = new Source(unique("src"), tenant, "m", SourceMode.TRIGGER, null, null, null, null,
                Source.DEFAULT_MAX_BODY, null, null, null, false, null, unique("hash"), null, null, T0, T0, 1);
        store.create(minimal);
        assertEquals(Optional.of(minimal), store.get(tenant, minimal.id()));
    }

    @Test
    void writesTheTokenLookupUnderTheTokensSha256() {
        String token = "whk_in_" + UUID.randomUUID();
        Source s = source(unique("ten"), unique("src"), Tokens.sha256Hex(token));
        store.create(s);
        Map<String, AttributeValue> lookup = tokenItem(Tokens.sha256Hex(token));
        assertNotNull(lookup);
        assertEquals(s.id(), Attr.str(lookup, "source_id"));
        assertEquals(s.tenantId(), Attr.str(lookup, "tenant_id"));
        assertFalse(lookup.containsKey("expires_at"));
        assertEquals(Optional.of(s), store.byTokenHash(Tokens.sha256Hex(token), T0));
    }

    @Test
    void findsByCurrentAndPreviousTokenWithinGraceOnly() {
        Source s = source(unique("ten"), unique("src"), unique("h1"));
        store.create(s);
        assertEquals(Optional.of(s), store.byTokenHash(s.tokenHash(), T0));
        assertTrue(store.byTokenHash(unique("nope"), T0).isEmpty());

        Instant rotatedAt = T0.plusSeconds(60);
        Source r = rotated(s, unique("h2"), rotatedAt);
        assertTrue(store.update(r, s));
        Source stored = store.get(s.tenantId(), s.id()).orElseThrow();
        assertEquals(2, stored.version());

        assertEquals(s.id(), store.byTokenHash(r.tokenHash(), rotatedAt).orElseThrow().id());
        assertEquals(s.id(), store.byTokenHash(s.tokenHash(), rotatedAt.plusSeconds(10)).orElseThrow().id());
        Instant graceEnd = rotatedAt.plus(GRACE);
        assertEquals(s.id(), store.byTokenHash(s.tokenHash(), graceEnd.minusSeconds(1)).orElseThrow().id());
        assertTrue(store.byTokenHash(s.tokenHash(), graceEnd).isEmpty());
        assertTrue(store.byTokenHash(s.tokenHash(), graceEnd.plusSeconds(3600)).isEmpty());
        assertTrue(store.byTokenHash(r.tokenHash(), graceEnd.plusSeconds(3600)).isPresent());
        assertEquals(graceEnd.getEpochSecond(), Attr.num(tokenItem(s.tokenHash()), "expires_at", 0));
        assertFalse(tokenItem(r.tokenHash()).containsKey("expires_at"));
    }

    @Test
    void secondRotationDropsTheOldestToken() {
        Source v1 = source(unique("ten"), unique("src"), unique("h1"));
        store.create(v1);
        Source v2 = rotated(v1, unique("h2"), T0.plusSeconds(10));
        assertTrue(store.update(v2, v1));
        Source stored2 = store.get(v1.tenantId(), v1.id()).orElseThrow();
        Source v3 = rotated(stored2, unique("h3"), T0.plusSeconds(20));
        assertTrue(store.update(v3, stored2));

        Instant now = T0.plusSeconds(30);
        assertTrue(store.byTokenHash(v1.tokenHash(), now).isEmpty());
        assertTrue(tokenItem(v1.tokenHash()) == null, "the oldest token's lookup is deleted");
        assertEquals(v1.id(), store.byTokenHash(v2.tokenHash(), now).orElseThrow().id());
        assertEquals(v1.id(), store.byTokenHash(v3.tokenHash(), now).orElseThrow().id());
        Source stored3 = store.get(v1.tenantId(), v1.id()).orElseThrow();
        assertEquals(3, stored3.version());
        assertEquals(v3.tokenHash(), stored3.tokenHash());
        assertEquals(v2.tokenHash(), stored3.previousTokenHash());
    }

    @Test
    void updateIsOptimistic() {
        Source v1 = source(unique("ten"), unique("src"), unique("h1"));
        store.create(v1);
        assertTrue(store.update(renamed(v1, "first"), v1));
        assertFalse(store.update(renamed(v1, "second"), v1), "stale version");
        assertFalse(store.update(rotated(v1, unique("h9"), T0), v1), "stale version, with a rotation");
        Source stored = store.get(v1.tenantId(), v1.id()).orElseThrow();
        assertEquals("first", stored.name());
        assertEquals(2, stored.version());
        assertEquals(v1.tokenHash(), stored.tokenHash());
        assertTrue(store.update(renamed(stored, "third"), stored));
        assertEquals(3, store.get(v1.tenantId(), v1.id()).orElseThrow().version());

        Source ghost = source(unique("ten"), unique("src"), unique("h"));
        assertFalse(store.update(renamed(ghost, "x"), ghost), "no such source");
        assertTrue(store.get(ghost.tenantId(), ghost.id()).isEmpty());
    }

    @Test
    void sourcesAreIsolatedByTenant() {
        Source s = source(unique("ten"), unique("src"), unique("h"));
        store.create(s);
        String other = unique("ten");
        assertTrue(store.get(other, s.id()).isEmpty());
        assertTrue(store.page(other, null, 10).isEmpty());
        assertFalse(store.delete(other, s.id()));
        assertTrue(store.get(s.tenantId(), s.id()).isPresent());
    }

    @Test
    void deleteRemovesTokenLookups() {
        Source v1 = source(unique("ten"), unique("src"), unique("h1"));
        store.create(v1);
        Source v2 = rotated(v1, unique("h2"), T0);
        assertTrue(store.update(v2, v1));
        assertTrue(store.delete(v1.tenantId(), v1.id()));
        assertTrue(store.get(v1.tenantId(), v1.id()).isEmpty());
        assertTrue(store.byTokenHash(v2.tokenHash(), T0).isEmpty());
        assertTrue(store.byTokenHash(v1.tokenHash(), T0).isEmpty());
        assertTrue(tokenItem(v1.tokenHash()) == null);
        assertTrue(tokenItem(v2.tokenHash()) == null);
        assertFalse(store.delete(v1.tenantId(), v1.id()));
    }

    @Test
    void pagesInIdOrder() {
        String tenant = unique("ten");
        for (int i = 0; i < 5; i++) {
            store.create(source(tenant, "src_" + i, unique("h")));
        }
        List<Source> first = store.page(tenant, null, 2);
        assertEquals(List.of("src_0", "src_1"), first.stream().map(Source::id).toList());
        List<Source> second = store.page(tenant, "src_1", 2);
        assertEquals(List.of("src_2", "src_3"), second.stream().map(Source::id).toList());
        List<Source> last = store.page(tenant, "src_3", 2);
        assertEquals(List.of("src_4"), last.stream().map(Source::id).toList());
        assertNotNull(store.page(tenant, "src_4", 2));
        assertTrue(store.page(tenant, "src_4", 2).isEmpty());
    }
}
