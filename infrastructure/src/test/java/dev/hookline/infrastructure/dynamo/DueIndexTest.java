package dev.hookline.infrastructure.dynamo;

import dev.hookline.core.delivery.Attempt;
import dev.hookline.core.delivery.Delivery;
import dev.hookline.core.delivery.DeliveryStatus;
import dev.hookline.core.delivery.DeliveryStore;
import dev.hookline.core.delivery.Message;
import dev.hookline.core.schedule.DueIndex;
import dev.hookline.core.schedule.DueIndex.Entry;
import dev.hookline.core.schedule.DueIndex.Kind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The due index as the stores keep it, on DynamoDB Local with the template's KEYS_ONLY index: a delivery is in it
 * exactly while it is owed an attempt, at the time it is owed, under the right kind; a scheduled message until it
 * is released. Each test uses its own tenant and reads only its own entries.
 */
class DueIndexTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private static DynamoLocal local;
    private static DynamoDeliveryStore deliveries;
    private static DynamoMessageStore messages;
    private static DynamoDueIndex index;

    @BeforeAll
    static void start() {
        local = DynamoLocal.start().deliveries();
        deliveries = new DynamoDeliveryStore(local.client(), DynamoLocal.DELIVERIES);
        messages = new DynamoMessageStore(local.client(), DynamoLocal.DELIVERIES);
        index = new DynamoDueIndex(local.client(), DynamoLocal.DELIVERIES);
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    private static String tenant() {
        return "ten_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    private static List<Entry> mine(Kind kind, String tenant, Instant upTo) {
        return index.due(kind, upTo, 1000).stream().filter(e -> e.tenantId().equals(tenant)).toList();
    }

    private static Delivery pending(String tenant, String id, boolean parked) {
        return new Delivery(id, tenant, "msg_1", "ep_1", "order.created", DeliveryStatus.PENDING, 0, T0, parked, null,
                T0, T0, T0.plus(Duration.ofDays(30)));
    }

    private static Attempt attempt(int n, Instant at) {
        return new Attempt(n, at, 500, 12, null, null, "http_5xx");
    }

    @Test
    void aNewDeliveryIsOwedNowAndLeavesTheIndexWhenItSucceeds() {
        String tenant = tenant();
        deliveries.createOnce(pending(tenant, "dlv_a", false));
        assertEquals(List.of(new Entry(Kind.DELIVERY_QUEUED, tenant, "dlv_a", T0)), mine(Kind.DELIVERY_QUEUED, tenant, T0));
        assertTrue(mine(Kind.DELIVERY_QUEUED, tenant, T0.minusMillis(1)).isEmpty(), "not due before its time");

        Delivery claimed = ((DeliveryStore.Claimed) deliveries.claim(tenant, "dlv_a", T0, T0.plusSeconds(60))).delivery();
        assertEquals(1, mine(Kind.DELIVERY_QUEUED, tenant, T0).size(), "a claim does not change what is owed");
        assertTrue(deliveries.recordAttempt(claimed, new Attempt(1, T0, 200, 9, null, null, "succeeded"),
                DeliveryStatus.SUCCEEDED, null, false, T0, null));
        assertTrue(mine(Kind.DELIVERY_QUEUED, tenant, T0.plus(Duration.ofDays(1))).isEmpty(), "a success is owed nothing");
    }

    @Test
    void aParkedDeliveryIsOwedNothingUntilItIsRequeued() {
        String tenant = tenant();
        deliveries.createOnce(pending(tenant, "dlv_p", true));
        assertTrue(mine(Kind.DELIVERY_QUEUED, tenant, T0.plusSeconds(3600)).isEmpty());
        Instant later = T0.plusSeconds(300);
        deliveries.requeue(tenant, "dlv_p", later);
        assertEquals(List.of(new Entry(Kind.DELIVERY_QUEUED, tenant, "dlv_p", later)), mine(Kind.DELIVERY_QUEUED, tenant, later));
        deliveries.park(tenant, "dlv_p", later);
        assertTrue(mine(Kind.DELIVERY_QUEUED, tenant, later.plusSeconds(3600)).isEmpty());
    }

    @Test
    void aRetryWithinAnSqsDelayIsQueuedAndOneBeyondItWaitsForTheScheduler() {
        String tenant = tenant();
        deliveries.createOnce(pending(tenant, "dlv_r", false));
        Delivery first = ((DeliveryStore.Claimed) deliveries.claim(tenant, "dlv_r", T0, T0.plusSeconds(60))).delivery();
        Instant soon = T0.plusSeconds(30);
        deliveries.recordAttempt(first, attempt(1, T0), DeliveryStatus.RETRYING, soon, false, T0, null);
        assertEquals(List.of(new Entry(Kind.DELIVERY_QUEUED, tenant, "dlv_r", soon)), mine(Kind.DELIVERY_QUEUED, tenant, soon));

        Delivery second = ((DeliveryStore.Claimed) deliveries.claim(tenant, "dlv_r", soon, soon.plusSeconds(60))).delivery();
        Instant inAnHour = soon.plusSeconds(3600);
        deliveries.recordAttempt(second, attempt(2, soon), DeliveryStatus.RETRYING, inAnHour, false, soon, null);
        assertTrue(mine(Kind.DELIVERY_QUEUED, tenant, inAnHour).isEmpty(), "not on a queue: no delay reaches an hour");
        assertEquals(List.of(new Entry(Kind.DELIVERY_WAITING, tenant, "dlv_r", inAnHour)),
                mine(Kind.DELIVERY_WAITING, tenant, inAnHour));

        Instant due = inAnHour.plusSeconds(5);
        assertFalse(deliveries.queueWaiting(tenant, "dlv_r", soon, due), "fenced on the due time it was seen with");
        assertTrue(deliveries.queueWaiting(tenant, "dlv_r", inAnHour, due));
        assertTrue(mine(Kind.DELIVERY_WAITING, tenant, due).isEmpty());
        assertEquals(List.of(new Entry(Kind.DELIVERY_QUEUED, tenant, "dlv_r", due)), mine(Kind.DELIVERY_QUEUED, tenant, due));
        assertFalse(deliveries.queueWaiting(tenant, "dlv_r", inAnHour, due), "queued once, not twice");
    }

    @Test
    void anOverdueDeliveryIsRequeuedFencedAndDeadLetteredAfterTheLimit() {
        String tenant = tenant();
        deliveries.createOnce(pending(tenant, "dlv_o", false));
        Instant seen = T0;
        for (int i = 1; i <= 3; i++) {
            Instant now = seen.plusSeconds(600);
            DeliveryStore.Overdue o = deliveries.requeueOverdue(tenant, "dlv_o", seen, now, 3, "gave up");
            assertEquals(new DeliveryStore.Requeued(i), o);
            assertInstanceOf(DeliveryStore.MovedOn.class, deliveries.requeueOverdue(tenant, "dlv_o", seen, now, 3, "gave up"),
                    "a second pass that saw the same entry does not queue it again");
            seen = now;
        }
        DeliveryStore.Overdue last = deliveries.requeueOverdue(tenant, "dlv_o", seen, seen.plusSeconds(600), 3, "gave up");
        DeliveryStore.GaveUp gaveUp = assertInstanceOf(DeliveryStore.GaveUp.class, last);
        assertEquals(DeliveryStatus.DEAD_LETTERED, gaveUp.delivery().status());
        assertEquals("gave up", gaveUp.delivery().lastError());
        assertEquals(DeliveryStatus.DEAD_LETTERED, deliveries.get(tenant, "dlv_o").orElseThrow().status());
        assertTrue(mine(Kind.DELIVERY_QUEUED, tenant, seen.plus(Duration.ofDays(1))).isEmpty(), "and owed nothing more");
    }

    @Test
    void anAttemptResetsTheRequeueCountAndASuccessIsNeverRequeued() {
        String tenant = tenant();
        deliveries.createOnce(pending(tenant, "dlv_s", false));
        assertEquals(new DeliveryStore.Requeued(1), deliveries.requeueOverdue(tenant, "dlv_s", T0, T0.plusSeconds(600), 3, "x"));
        Instant at = T0.plusSeconds(601);
        Delivery claimed = ((DeliveryStore.Claimed) deliveries.claim(tenant, "dlv_s", at, at.plusSeconds(60))).delivery();
        Instant next = at.plusSeconds(10);
        deliveries.recordAttempt(claimed, attempt(1, at), DeliveryStatus.RETRYING, next, false, at, null);
        assertEquals(new DeliveryStore.Requeued(1), deliveries.requeueOverdue(tenant, "dlv_s", next, next.plusSeconds(600), 3, "x"),
                "counting starts again after an attempt");
        Instant again = next.plusSeconds(600);
        Delivery second = ((DeliveryStore.Claimed) deliveries.claim(tenant, "dlv_s", again, again.plusSeconds(60))).delivery();
        deliveries.recordAttempt(second, new Attempt(2, again, 200, 5, null, null, "succeeded"), DeliveryStatus.SUCCEEDED,
                null, false, again, null);
        assertInstanceOf(DeliveryStore.MovedOn.class, deliveries.requeueOverdue(tenant, "dlv_s", again, again.plusSeconds(600), 3, "x"));
        assertEquals(DeliveryStatus.SUCCEEDED, deliveries.get(tenant, "dlv_s").orElseThrow().status());
    }

    @Test
    void aLeaseHeldByAnotherWorkerIsToldWithItsEnd() {
        String tenant = tenant();
        deliveries.createOnce(pending(tenant, "dlv_l", false));
        deliveries.claim(tenant, "dlv_l", T0, T0.plusSeconds(60));
        DeliveryStore.Leased leased = assertInstanceOf(DeliveryStore.Leased.class,
                deliveries.claim(tenant, "dlv_l", T0.plusSeconds(5), T0.plusSeconds(65)));
        assertEquals(T0.plusSeconds(60), leased.until());
        assertInstanceOf(DeliveryStore.Claimed.class, deliveries.claim(tenant, "dlv_l", T0.plusSeconds(61), T0.plusSeconds(121)),
                "a dead worker's lease runs out");
    }

    @Test
    void aPlatformEventIsWrittenWithTheAttemptThatCausedItOrNotAtAll() {
        String tenant = tenant();
        deliveries.createOnce(pending(tenant, "dlv_e", false));
        Delivery claimed = ((DeliveryStore.Claimed) deliveries.claim(tenant, "dlv_e", T0, T0.plusSeconds(60))).delivery();
        Message event = new Message("msg_event", tenant, "delivery.dead_lettered", "{}", T0, T0.plusSeconds(86_400));
        assertTrue(deliveries.recordAttempt(claimed, attempt(1, T0), DeliveryStatus.DEAD_LETTERED, null, false, T0, event));
        assertTrue(messages.get(tenant, "msg_event").isPresent());
        Message other = new Message("msg_other", tenant, "delivery.dead_lettered", "{}", T0, T0.plusSeconds(86_400));
        assertFalse(deliveries.recordAttempt(claimed, attempt(1, T0), DeliveryStatus.DEAD_LETTERED, null, false, T0, other),
                "a stale worker records nothing");
        assertTrue(messages.get(tenant, "msg_other").isEmpty(), "and publishes nothing");
    }

    @Test
    void aScheduledMessageWaitsInTheIndexUntilReleasedOnce() {
        String tenant = tenant();
        Instant at = T0.plusSeconds(7200);
        messages.createScheduled(new Message("msg_later", tenant, "secret.expiring", "{}", at, at.plusSeconds(86_400)));
        assertTrue(mine(Kind.MESSAGE, tenant, at.minusSeconds(1)).isEmpty());
        assertEquals(List.of(new Entry(Kind.MESSAGE, tenant, "msg_later", at)), mine(Kind.MESSAGE, tenant, at));
        assertTrue(messages.release(tenant, "msg_later"));
        assertFalse(messages.release(tenant, "msg_later"), "released once");
        assertTrue(mine(Kind.MESSAGE, tenant, at.plusSeconds(60)).isEmpty());
        assertTrue(messages.get(tenant, "msg_later").isPresent());
    }
}
