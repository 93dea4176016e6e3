package dev.hookline.infrastructure.dynamo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.delivery.Attempt;
import dev.hookline.core.delivery.Delivery;
import dev.hookline.core.delivery.DeliveryStatus;
import dev.hookline.core.delivery.DeliveryStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** One delivery per (message, endpoint) without a transaction, and attempts kept in the delivery's own item. */
class DynamoDeliveryStoreTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private static DynamoLocal local;
    private static DynamoDeliveryStore store;

    @BeforeAll
    static void start() {
        local = DynamoLocal.start().deliveries();
        store = new DynamoDeliveryStore(local.client(), DynamoLocal.DELIVERIES);
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    private static Delivery fresh(String tenant, String id, String message) {
        return new Delivery(id, tenant, message, "ep_1", "order.paid", DeliveryStatus.PENDING, 0, T0, false, null,
                T0, T0, T0.plusSeconds(86_400));
    }

    private static String tenant() {
        return "ten_" + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void aSecondFanOutOfTheSameMessageAndEndpointFindsTheFirstDelivery() {
        String tenant = tenant();
        DeliveryStore.Created first = store.createOnce(fresh(tenant, "dlv_a", "msg_1"));
        DeliveryStore.Created again = store.createOnce(fresh(tenant, "dlv_b", "msg_1"));
        assertTrue(first.created());
        assertFalse(again.created());
        assertEquals("dlv_a", again.delivery().id());
        assertTrue(store.get(tenant, "dlv_b").isEmpty(), "no second delivery");
    }

    @Test
    void aPointerLeftWithoutItsDeliveryIsRepairedUnderThePointersId() {
        String tenant = tenant();
        // What a fan-out that died between its two writes leaves: the pointer only.
        local.client().putItem(b -> b.tableName(DynamoLocal.DELIVERIES).item(Map.of(
                "pk", AttributeValue.fromS("T#" + tenant + "#MSG#msg_2"), "sk", AttributeValue.fromS("EP#ep_1"),
                "delivery_id", AttributeValue.fromS("dlv_first"), "expires_at", AttributeValue.fromN("99999999999"))));
        DeliveryStore.Created rerun = store.createOnce(fresh(tenant, "dlv_second", "msg_2"));
        assertTrue(rerun.created(), "the missing delivery is written now");
        assertEquals("dlv_first", rerun.delivery().id());
        assertEquals(DeliveryStatus.PENDING, store.get(tenant, "dlv_first").orElseThrow().status());
        assertTrue(store.get(tenant, "dlv_second").isEmpty());
        assertFalse(store.createOnce(fresh(tenant, "dlv_third", "msg_2")).created());
    }

    @Test
    void attemptsAreKeptInTheDeliverysItemAndReadWithThoseOfEarlierVersions() {
        String tenant = tenant();
        Delivery d = store.createOnce(fresh(tenant, "dlv_c", "msg_3")).delivery();
        Instant now = T0.plusSeconds(1);
        Delivery claimed = ((DeliveryStore.Claimed) store.claim(tenant, d.id(), now, now.plusSeconds(60))).delivery();
        Attempt one = new Attempt(1, now, 500, 12, "status 500", "oops", "http_error", 5L);
        assertTrue(store.recordAttempt(claimed, one, DeliveryStatus.RETRYING, now.plusSeconds(30), false, now, null));
        assertFalse(store.recordAttempt(claimed, one, DeliveryStatus.RETRYING, now.plusSeconds(30), false, now, null),
                "an attempt recorded twice is refused by its count");
        Instant later = now.plusSeconds(31);
        Delivery again = ((DeliveryStore.Claimed) store.claim(tenant, d.id(), later, later.plusSeconds(60))).delivery();
        Attempt two = new Attempt(2, later, 200, 7, null, null, "success", 3L);
        assertTrue(store.recordAttempt(again, two, DeliveryStatus.SUCCEEDED, null, false, later, null));
        // An attempt an earlier version kept as an item of its own, in the same partition.
        local.client().putItem(b -> b.tableName(DynamoLocal.DELIVERIES).item(Map.of(
                "pk", AttributeValue.fromS("T#" + tenant + "#DLV#dlv_c"), "sk", AttributeValue.fromS("ATT#00000"),
                "n", AttributeValue.fromN("0"), "at", Attr.time(T0), "latency_ms", AttributeValue.fromN("1"),
                "outcome", AttributeValue.fromS("timeout"))));

        List<Attempt> attempts = store.attempts(tenant, d.id());
        assertEquals(List.of(0, 1, 2), attempts.stream().map(Attempt::n).toList());
        assertEquals(one, attempts.get(1));
        assertEquals(two, attempts.get(2));
        Delivery done = store.get(tenant, d.id()).orElseThrow();
        assertEquals(DeliveryStatus.SUCCEEDED, done.status());
        assertEquals(2, done.attemptCount());
        var item = local.client().getItem(b -> b.tableName(DynamoLocal.DELIVERIES).key(Map.of(
                "pk", AttributeValue.fromS("T#" + tenant + "#DLV#dlv_c"), "sk", AttributeValue.fromS("DLV")))).item();
        assertEquals(2, item.get("attempts").l().size());
        var att = local.client().getItem(b -> b.tableName(DynamoLocal.DELIVERIES).key(Map.of(
                "pk", AttributeValue.fromS("T#" + tenant + "#DLV#dlv_c"), "sk", AttributeValue.fromS("ATT#00001")))).item();
        assertTrue(att == null || att.isEmpty(), "no attempt item of its own");
    }

    @Test
    void anEndpointsDeliveriesAreListedThroughTheKeysOnlyIndexNewestFirstByStatusAndByPage() {
        String tenant = tenant();
        for (int i = 0; i < 5; i++) {
            Instant at = T0.plusSeconds(i);
            store.createOnce(new Delivery("dlv_" + i, tenant, "msg_l" + i, "ep_1", "order.paid", DeliveryStatus.PENDING,
                    0, at, false, null, at, at, at.plusSeconds(86_400)));
        }
        Instant now = T0.plusSeconds(10);
        for (String id : List.of("dlv_1", "dlv_3")) {
            Delivery claimed = ((DeliveryStore.Claimed) store.claim(tenant, id, now, now.plusSeconds(60))).delivery();
            assertTrue(store.recordAttempt(claimed, new Attempt(1, now, 200, 5, null, null, "success", 2L),
                    DeliveryStatus.SUCCEEDED, null, false, now, null));
        }
        store.park(tenant, "dlv_4", now);

        DeliveryStore.DeliveryPage first = store.listByEndpoint(tenant, "ep_1", null, null, 2);
        assertEquals(List.of("dlv_4", "dlv_3"), first.deliveries().stream().map(Delivery::id).toList());
        DeliveryStore.DeliveryPage second = store.listByEndpoint(tenant, "ep_1", null, first.nextCursor(), 2);
        assertEquals(List.of("dlv_2", "dlv_1"), second.deliveries().stream().map(Delivery::id).toList());
        DeliveryStore.DeliveryPage last = store.listByEndpoint(tenant, "ep_1", null, second.nextCursor(), 2);
        assertEquals(List.of("dlv_0"), last.deliveries().stream().map(Delivery::id).toList());
        assertEquals(null, last.nextCursor());

        DeliveryStore.DeliveryPage succeeded = store.listByEndpoint(tenant, "ep_1", DeliveryStatus.SUCCEEDED, null, 10);
        assertEquals(List.of("dlv_3", "dlv_1"), succeeded.deliveries().stream().map(Delivery::id).toList());
        assertEquals(DeliveryStatus.SUCCEEDED, succeeded.deliveries().get(0).status(), "the item's own state, not the index's");
        assertEquals(1, succeeded.deliveries().get(0).attemptCount());
        assertEquals(List.of("dlv_4"), store.parked(tenant, "ep_1", 10).stream().map(Delivery::id).toList());
        assertTrue(store.listByEndpoint(tenant, "ep_other", null, null, 10).deliveries().isEmpty());

        assertEquals(5, store.deleteByEndpoint(tenant, "ep_1"));
        assertTrue(store.listByEndpoint(tenant, "ep_1", null, null, 10).deliveries().isEmpty());
    }
}
