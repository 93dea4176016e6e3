package dev.hookline.core.catalog;

import dev.hookline.core.access.Caller;
import dev.hookline.core.problem.Problem.FieldError;
import dev.hookline.core.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static dev.hookline.core.testing.TestJson.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventCatalogTest {
    private static final Caller ALICE = new Caller("ten_alice", "key_a");
    private static final Caller BOB = new Caller("ten_bob", "key_b");
    private static final String AMOUNT_SCHEMA = """
            {"type":"object","required":["amount"],"properties":{"amount":{"type":"integer","minimum":0},
             "lines":{"type":"array","items":{"type":"object","required":["sku"]}}}}""";

    private final MemoryEventTypeStore store = new MemoryEventTypeStore();
    private Instant now = Instant.parse("2026-12-02T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final EventCatalog catalog = new EventCatalog(store, null, clock);

    private EventType register(Caller caller, String name, String category, String schema) {
        return catalog.create(caller, new EventTypeSpec(name, category, "what it means", schema == null ? null : json(schema),
                null, null));
    }

    private static List<String> fields(ProblemException e) {
        return e.problem().errors().stream().map(FieldError::field).toList();
    }

    @Test
    void anUnregisteredTypeIsAllowedUntilTheTenantRefusesIt() {
        assertNull(catalog.admit(ALICE.tenantId(), "order.paid", "{}"));
        catalog.updateSettings(ALICE, "refuse", null);
        ProblemException refused = assertThrows(ProblemException.class,
                () -> catalog.admit(ALICE.tenantId(), "order.paid", "{}"));
        assertEquals(422, refused.problem().status());
        assertEquals(List.of("type"), fields(refused));
        register(ALICE, "order.paid", "billing", null);
        assertEquals("billing", catalog.admit(ALICE.tenantId(), "order.paid", "{}"), "registered: published with its category");
        assertNull(catalog.admit(BOB.tenantId(), "order.paid", "{}"), "another tenant's settings and types are its own");
    }

    @Test
    void dataBreakingTheSchemaIsRefusedNamingEachFailingPathOnlyWhenAsked() {
        register(ALICE, "invoice.paid", "billing", AMOUNT_SCHEMA);
        String bad = "{\"amount\":-5,\"lines\":[{\"sku\":\"a\"},{}]}";
        assertEquals("billing", catalog.admit(ALICE.tenantId(), "invoice.paid", bad), "no validation unless asked");
        catalog.updateSettings(ALICE, null, true);
        ProblemException refused = assertThrows(ProblemException.class,
                () -> catalog.admit(ALICE.tenantId(), "invoice.paid", bad));
        assertEquals(422, refused.problem().status());
        assertEquals(List.of("/data/amount", "/data/lines/1/sku"), fields(refused).stream().sorted().toList());
        assertEquals("billing", catalog.admit(ALICE.tenantId(), "invoice.paid", "{\"amount\":5}"));
        ProblemException missing = assertThrows(ProblemException.class,
                () -> catalog.admit(ALICE.tenantId(), "invoice.paid", "{}"));
        assertEquals(List.of("/data/amount"), fields(missing));
    }

    @Test
    void lookupsAreCachedAndAWriteHereIsSeenAtOnce() {
        for (int i = 0; i < 100; i++) {
            catalog.admit(ALICE.tenantId(), "order.paid", "{}");
        }
        assertEquals(1, store.lookups.get(), "100 publishes of one type within the TTL: one round trip");
        register(ALICE, "order.paid", "billing", null);
        assertEquals("billing", catalog.admit(ALICE.tenantId(), "order.paid", "{}"), "this catalog's write dropped the entry");
        assertEquals(2, store.lookups.get());
        catalog.updateSettings(ALICE, "refuse", null);
        assertThrows(ProblemException.class, () -> catalog.admit(ALICE.tenantId(), "other.type", "{}"));
        assertEquals(3, store.lookups.get());

        // A change made elsewhere (another execution environment) is seen once the entry is older than the TTL.
        store.settings.put(ALICE.tenantId(), CatalogSettings.DEFAULT);
        assertThrows(ProblemException.class, () -> catalog.admit(ALICE.tenantId(), "other.type", "{}"));
        now = now.plus(EventCatalog.CACHE_TTL).plus(Duration.ofMillis(1));
        assertNull(catalog.admit(ALICE.tenantId(), "other.type", "{}"));
        assertEquals(4, store.lookups.get());
    }

    @Test
    void createRefusesReservedNamesBadCategoriesSchemasAndExamplesWithEveryFieldAtOnce() {
        ProblemException e = assertThrows(ProblemException.class, () -> catalog.create(ALICE, new EventTypeSpec(
                "run.failed", "Bad Category", "x", json("{\"type\":\"strin\"}"), null, null)));
        assertEquals(List.of("category", "name", "schema"), fields(e).stream().distinct().sorted().toList());

        ProblemException example = assertThrows(ProblemException.class, () -> catalog.create(ALICE, new EventTypeSpec(
                "invoice.paid", null, null, json(AMOUNT_SCHEMA), json("{\"amount\":\"ten\"}"), null)));
        assertEquals(List.of("/example/amount"), fields(example));

        ProblemException loop = assertThrows(ProblemException.class, () -> catalog.create(ALICE, new EventTypeSpec(
                "invoice.loop", null, null, json("{\"$ref\":\"#\"}"), null, null)));
        assertEquals(List.of("schema"), fields(loop), "bounded like trigger schemas");

        ProblemException big = assertThrows(ProblemException.class, () -> catalog.create(ALICE, new EventTypeSpec(
                "invoice.big", null, null, null, json("{\"x\":\"" + "y".repeat(EventCatalog.MAX_EXAMPLE_BYTES) + "\"}"), null)));
        assertEquals(List.of("example"), fields(big));
        assertEquals(0, store.count(ALICE.tenantId()), "nothing was stored");
    }

    @Test
    void aNameIsRegisteredOncePerTenantAndEachTenantSeesOnlyItsOwn() {
        register(ALICE, "order.paid", "billing", null);
        ProblemException twice = assertThrows(ProblemException.class, () -> register(ALICE, "order.paid", null, null));
        assertEquals(409, twice.problem().status());
        register(BOB, "order.paid", "shop", null);
        assertEquals("billing", catalog.get(ALICE, "order.paid").category());
        assertEquals("shop", catalog.get(BOB, "order.paid").category());
        catalog.delete(BOB, "order.paid");
        assertEquals(404, assertThrows(ProblemException.class, () -> catalog.get(BOB, "order.paid")).problem().status());
        assertEquals("billing", catalog.get(ALICE, "order.paid").category(), "Bob's delete left Alice's type alone");
        assertEquals(404, assertThrows(ProblemException.class, () -> catalog.delete(BOB, "order.paid")).problem().status());
    }

    @Test
    void patchChangesWhatItNamesKeepsTheExampleValidAndNeverTouchesPlatformTypes() {
        catalog.create(ALICE, new EventTypeSpec("invoice.paid", "billing", "paid", json(AMOUNT_SCHEMA),
                json("{\"amount\":3}"), null));
        EventType changed = catalog.update(ALICE, "invoice.paid", new EventTypeSpec(null, null, null, null, null, true));
        assertTrue(changed.deprecated());
        assertEquals("billing", changed.category());
        assertEquals("paid", changed.description());

        ProblemException stricter = assertThrows(ProblemException.class, () -> catalog.update(ALICE, "invoice.paid",
                new EventTypeSpec(null, null, null, json("{\"type\":\"object\",\"required\":[\"currency\"]}"), null, null)));
        assertEquals(List.of("/example/currency"), fields(stricter), "the kept example must match the new schema");

        EventType cleared = catalog.update(ALICE, "invoice.paid", new EventTypeSpec(null, "", null, json("true"), null, null));
        assertNull(cleared.category());
        assertNull(cleared.schemaJson(), "true is no schema");

        assertEquals(403, assertThrows(ProblemException.class, () -> catalog.update(ALICE, "run.failed",
                new EventTypeSpec(null, "x", null, null, null, null))).problem().status());
        assertEquals(403, assertThrows(ProblemException.class, () -> catalog.delete(ALICE, "endpoint.paused"))
                .problem().status());
        assertEquals(422, assertThrows(ProblemException.class, () -> catalog.update(ALICE, "invoice.paid",
                new EventTypeSpec("invoice.renamed", null, null, null, null, null))).problem().status());
    }

    @Test
    void settingsAcceptOnlyAllowOrRefuse() {
        ProblemException e = assertThrows(ProblemException.class, () -> catalog.updateSettings(ALICE, "maybe", null));
        assertEquals(List.of("unregistered_types"), fields(e));
        CatalogSettings s = catalog.updateSettings(ALICE, "refuse", true);
        assertEquals("refuse", s.unregisteredTypes());
        assertTrue(s.validateData());
        assertEquals(CatalogSettings.DEFAULT, catalog.settings(BOB));
    }
}
