package dev.hookline.infrastructure.dynamo;

import dev.hookline.core.access.Caller;
import dev.hookline.core.catalog.CatalogSettings;
import dev.hookline.core.catalog.EventCatalog;
import dev.hookline.core.catalog.EventType;
import dev.hookline.core.catalog.EventTypeStore;
import dev.hookline.core.catalog.EventTypeSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DynamoEventTypeStoreTest {
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    /** Counts the AWS calls the store makes, by operation: what publishing costs in requests. */
    static final class Calls implements ExecutionInterceptor {
        final Map<String, AtomicInteger> byOperation = new ConcurrentHashMap<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            byOperation.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                    k -> new AtomicInteger()).incrementAndGet();
        }

        int total() {
            return byOperation.values().stream().mapToInt(AtomicInteger::get).sum();
        }
    }

    private static DynamoLocal local;
    private static DynamoDbClient counted;
    private static final Calls calls = new Calls();
    private static DynamoEventTypeStore store;

    @BeforeAll
    static void start() {
        local = DynamoLocal.start().entities();
        counted = DynamoDbClient.builder()
                .endpointOverride(local.client().serviceClientConfiguration().endpointOverride().orElseThrow())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(calls))
                .build();
        store = new DynamoEventTypeStore(counted, DynamoLocal.ENTITIES);
    }

    @AfterAll
    static void stop() {
        if (counted != null) {
            counted.close();
        }
        if (local != null) {
            local.close();
        }
    }

    @BeforeEach
    void reset() {
        calls.byOperation.clear();
    }

    private static String tenant() {
        return "ten_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static EventType type(String tenant, String name, String category) {
        return new EventType(tenant, name, category, "d", "{\"type\":\"object\"}", "{\"a\":1}", false, T0, T0, 1);
    }

    @Test
    void typesAreKeptUnderTheirTenantAndPagedByName() {
        String a = tenant();
        String b = tenant();
        assertTrue(store.create(type(a, "order.paid", "billing")));
        assertTrue(store.create(type(a, "invoice.paid", "billing")));
        assertTrue(store.create(type(a, "customer.created", null)));
        assertFalse(store.create(type(a, "order.paid", "other")), "a name once per tenant");
        assertTrue(store.create(type(b, "order.paid", "shop")), "the same name in another tenant");

        assertEquals(List.of("customer.created", "invoice.paid"), store.page(a, null, 2).stream().map(EventType::name).toList());
        assertEquals(List.of("order.paid"), store.page(a, "invoice.paid", 2).stream().map(EventType::name).toList());
        assertEquals(3, store.count(a));
        assertEquals(1, store.count(b));
        EventType read = store.get(a, "order.paid").orElseThrow();
        assertEquals(type(a, "order.paid", "billing"), read);
        assertEquals("shop", store.get(b, "order.paid").orElseThrow().category());

        assertFalse(store.update(new EventType(a, "order.paid", "x", null, null, null, true, T0, T0, 7)), "stale version");
        assertTrue(store.update(new EventType(a, "order.paid", null, null, null, null, true, T0, T0, 1)));
        EventType updated = store.get(a, "order.paid").orElseThrow();
        assertTrue(updated.deprecated());
        assertEquals(null, updated.category());
        assertEquals(2, updated.version());
        assertTrue(store.delete(b, "order.paid"));
        assertFalse(store.delete(b, "order.paid"));
        assertTrue(store.get(a, "order.paid").isPresent(), "B's delete left A's type");
    }

    @Test
    void publishingLooksUpTheSettingsAndTheTypeInOneCall() {
        String a = tenant();
        store.create(type(a, "invoice.paid", "billing"));
        store.saveSettings(a, new CatalogSettings(true, true));
        calls.byOperation.clear();
        EventTypeStore.Lookup found = store.lookup(a, "invoice.paid");
        assertEquals(new CatalogSettings(true, true), found.settings());
        assertEquals("billing", found.type().orElseThrow().category());
        EventTypeStore.Lookup missing = store.lookup(a, "invoice.voided");
        assertTrue(missing.type().isEmpty());
        EventTypeStore.Lookup other = store.lookup(tenant(), "invoice.paid");
        assertEquals(CatalogSettings.DEFAULT, other.settings(), "another tenant: defaults");
        assertTrue(other.type().isEmpty(), "and never this tenant's type");
        assertEquals(Map.of("BatchGetItem", 3), snapshot(), "one BatchGetItem per lookup");
    }

    /** The figure the issue asks for: AWS calls a publish adds for the catalog, cold and warm. */
    @Test
    void aWarmCatalogAddsNoCallPerPublish() {
        String a = tenant();
        store.create(type(a, "invoice.paid", "billing"));
        EventCatalog catalog = new EventCatalog(store, null, Clock.systemUTC());
        calls.byOperation.clear();
        int publishes = 1000;
        for (int i = 0; i < publishes; i++) {
            catalog.admit(a, i % 2 == 0 ? "invoice.paid" : "order.created", "{\"a\":1}");
        }
        int warm = calls.total();
        System.out.printf("catalog lookups: %d publishes of 2 types (one registered, one not) -> %d AWS calls %s%n",
                publishes, warm, snapshot());
        assertEquals(2, warm, "one BatchGetItem per (tenant, type) and TTL, hits and misses alike");

        calls.byOperation.clear();
        catalog.create(new Caller(a, "key_1"), new EventTypeSpec("order.created", "shop", null, null, null, null));
        assertEquals("shop", catalog.admit(a, "order.created", "{}"), "this catalog's own change is seen at once");
        assertEquals(1, calls.byOperation.get("BatchGetItem").get(), "after one reload");
    }

    private static Map<String, Integer> snapshot() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        calls.byOperation.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
