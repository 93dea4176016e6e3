package dev.hookline.infrastructure.dynamo;

import dev.hookline.core.delivery.Delivery;
import dev.hookline.core.delivery.DeliveryReplay;
import dev.hookline.core.delivery.DeliveryStatus;
import dev.hookline.core.delivery.DeliveryTask;
import dev.hookline.core.delivery.Fanout;
import dev.hookline.core.delivery.Message;
import dev.hookline.core.endpoint.Endpoint;
import dev.hookline.core.endpoint.EndpointStore;
import dev.hookline.core.id.Ids;
import dev.hookline.core.outbound.RetryPolicy;
import dev.hookline.core.schedule.QueueSender;
import dev.hookline.core.schedule.WorkQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An endpoint enabled while fan-out writes one of its deliveries parked: the enable's replay ran before the delivery
 * existed, so fan-out itself must notice (it reads the endpoint again after the write) or the delivery waits parked
 * until the next disable and enable. Found by ListenIT (`hookline listen` re-enabling its endpoint right after an
 * event was published to it while it was off). Real DynamoDB Local stores; the race is set by an endpoint store whose
 * list is the stale view fan-out read before the enable.
 */
class FanoutParkingRaceTest {
    private static final Instant T0 = Instant.parse("2026-12-03T04:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    private static DynamoLocal local;
    private static DynamoDeliveryStore deliveries;

    @BeforeAll
    static void start() {
        local = DynamoLocal.start().deliveries();
        deliveries = new DynamoDeliveryStore(local.client(), DynamoLocal.DELIVERIES);
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    @Test
    void aDeliveryParkedWhileItsEndpointWasBeingEnabledIsReplayedByFanOut() {
        String tenant = "ten_" + UUID.randomUUID().toString().replace("-", "");
        Endpoint enabled = endpoint(tenant, true);
        Sent queue = new Sent();
        Fanout fanout = fanout(new StaleList(enabled, enabled.withEnabled(false, "disabled by the tenant", T0)), queue);

        int count = fanout.expand(message(tenant, "msg_race"));

        assertEquals(1, count);
        List<Delivery> created = deliveries.listByMessage(tenant, "msg_race");
        assertEquals(1, created.size());
        Delivery d = created.get(0);
        assertFalse(d.parked(), "the endpoint is enabled: its delivery must not wait parked");
        assertEquals(DeliveryStatus.PENDING, d.status());
        assertEquals(List.of(new DeliveryTask(tenant, d.id()).toJson()), queue.bodies,
                "queued once, by the replay (fan-out queues none for a delivery it wrote parked)");
        assertTrue(deliveries.parked(tenant, enabled.id(), 10).isEmpty());
    }

    @Test
    void aDeliveryParkedForAnEndpointStillDisabledStaysParkedUntilTheEnable() {
        String tenant = "ten_" + UUID.randomUUID().toString().replace("-", "");
        Endpoint disabled = endpoint(tenant, true).withEnabled(false, "disabled by the tenant", T0);
        Sent queue = new Sent();
        Fanout fanout = fanout(new StaleList(disabled, disabled), queue);

        fanout.expand(message(tenant, "msg_wait"));

        Delivery d = deliveries.listByMessage(tenant, "msg_wait").get(0);
        assertTrue(d.parked());
        assertTrue(queue.bodies.isEmpty(), "nothing is sent to a disabled endpoint");
        assertEquals(1, new DeliveryReplay(deliveries, queue, CLOCK).replayParked(tenant, disabled.id()));
        assertEquals(0, new DeliveryReplay(deliveries, queue, CLOCK).replayParked(tenant, disabled.id()),
                "a second replay finds nothing left to unpark");
        assertEquals(1, queue.bodies.size(), "one send for one delivery, however many replays ran");
    }

    @Test
    void unparkLeavesADeliveryThatIsNoLongerParkedAlone() {
        String tenant = "ten_" + UUID.randomUUID().toString().replace("-", "");
        Delivery pending = new Delivery("dlv_p", tenant, "msg_p", "ep_1", "order.paid", DeliveryStatus.PENDING, 0, T0,
                false, null, T0, T0, T0.plusSeconds(86_400));
        deliveries.createOnce(pending);

        assertTrue(deliveries.unpark(tenant, "dlv_p", T0.plusSeconds(5)).isEmpty());
        assertEquals(T0, deliveries.get(tenant, "dlv_p").orElseThrow().nextAttemptAt(), "unchanged");
        assertTrue(deliveries.unpark(tenant, "dlv_missing", T0).isEmpty());
    }

    private static Fanout fanout(EndpointStore endpoints, Sent queue) {
        return new Fanout(new DynamoMessageStore(local.client(), DynamoLocal.DELIVERIES), endpoints, deliveries, queue,
                new DeliveryReplay(deliveries, queue, CLOCK), new Ids(CLOCK, new SecureRandom()), CLOCK);
    }

    private static Message message(String tenant, String id) {
        return new Message(id, tenant, "order.paid", "{}", T0, T0.plus(Duration.ofDays(1)));
    }

    private static Endpoint endpoint(String tenant, boolean enabled) {
        return new Endpoint("ep_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12), tenant,
                "https://receiver.test/hook", null, List.of(), enabled, null, null, RetryPolicy.DEFAULT,
                Duration.ofSeconds(15), "sealed", null, null, T0, T0, 1);
    }

    /** What fan-out listed (before the enable) and what a read after its write finds (after it). */
    private record StaleList(Endpoint now, Endpoint listed) implements EndpointStore {
        @Override
        public void create(Endpoint endpoint) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Endpoint> get(String tenantId, String endpointId) {
            return Optional.of(now).filter(e -> e.tenantId().equals(tenantId) && e.id().equals(endpointId));
        }

        @Override
        public List<Endpoint> listAll(String tenantId) {
            return List.of(listed);
        }

        @Override
        public List<Endpoint> page(String tenantId, String afterId, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean update(Endpoint endpoint) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean delete(String tenantId, String endpointId) {
            throw new UnsupportedOperationException();
        }
    }

    private static final class Sent implements QueueSender {
        final List<String> bodies = new CopyOnWriteArrayList<>();

        @Override
        public void send(WorkQueue queue, String body, Duration delay) {
            assertEquals(WorkQueue.DELIVERY, queue);
            bodies.add(body);
        }
    }
}
