package dev.hookline.infrastructure.dynamo;

import dev.hookline.core.delivery.Delivery;
import dev.hookline.core.delivery.DeliveryStatus;
import dev.hookline.core.delivery.DeliveryStore;
import dev.hookline.core.delivery.Message;
import dev.hookline.core.schedule.DueIndex;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every stored instant a condition or an index compares, compared by DynamoDB itself: a whole-second due time is
 * due within its second, and a fractional one is not due a moment before. The stuck deliveries came from a
 * Retry-After HTTP-date (whole seconds) claimed later in the same second and refused by a text comparison.
 */
class StoredTimeComparisonTest {
    private static final Instant WHOLE_SECOND = Instant.parse("2026-12-02T10:00:35Z");

    private static DynamoLocal local;
    private static DynamoDeliveryStore deliveries;
    private static DynamoMessageStore messages;
    private static DynamoDueIndex due;

    @BeforeAll
    static void start() {
        local = DynamoLocal.start().deliveries();
        deliveries = new DynamoDeliveryStore(local.client(), DynamoLocal.DELIVERIES);
        messages = new DynamoMessageStore(local.client(), DynamoLocal.DELIVERIES);
        due = new DynamoDueIndex(local.client(), DynamoLocal.DELIVERIES);
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    private static Delivery retrying(Instant nextAttemptAt) {
        String id = "dlv_" + UUID.randomUUID().toString().replace("-", "");
        Instant created = WHOLE_SECOND.minusSeconds(60);
        Delivery d = new Delivery(id, "ten_time", "msg_" + id, "ep_time", "a.b", DeliveryStatus.RETRYING, 1,
                nextAttemptAt, false, null, created, created, created.plus(Duration.ofDays(1)));
        deliveries.createOnce(d);
        return d;
    }

    @Test
    void aWholeSecondDueTimeIsClaimableLaterInThatSecond() {
        Delivery d = retrying(WHOLE_SECOND);
        Instant now = WHOLE_SECOND.plusMillis(806);

        assertInstanceOf(DeliveryStore.Claimed.class, deliveries.claim(d.tenantId(), d.id(), now, now.plusSeconds(60)));
    }

    @Test
    void aDueTimeExactlyNowIsClaimable() {
        Delivery d = retrying(WHOLE_SECOND);

        assertInstanceOf(DeliveryStore.Claimed.class,
                deliveries.claim(d.tenantId(), d.id(), WHOLE_SECOND, WHOLE_SECOND.plusSeconds(60)));
    }

    @Test
    void aDueTimeLaterInTheCurrentSecondIsNotDueYet() {
        Delivery d = retrying(WHOLE_SECOND.plusMillis(500));
        Instant now = WHOLE_SECOND.plusMillis(400);

        assertInstanceOf(DeliveryStore.NotDue.class, deliveries.claim(d.tenantId(), d.id(), now, now.plusSeconds(60)));
    }

    @Test
    void aLeaseEndingOnAWholeSecondHasEndedLaterInThatSecond() {
        Delivery d = retrying(WHOLE_SECOND.minusSeconds(5));
        Instant first = WHOLE_SECOND.minusSeconds(1);
        assertInstanceOf(DeliveryStore.Claimed.class, deliveries.claim(d.tenantId(), d.id(), first, WHOLE_SECOND));

        Instant later = WHOLE_SECOND.plusMillis(250);
        assertInstanceOf(DeliveryStore.Claimed.class, deliveries.claim(d.tenantId(), d.id(), later, later.plusSeconds(60)),
                "the lease ended at " + WHOLE_SECOND);
    }

    @Test
    void aMessageDueAtAWholeSecondIsReleasedLaterInThatSecond() {
        String tenant = "ten_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        messages.createScheduled(new Message("msg_whole", tenant, "a.b", "{}", WHOLE_SECOND, WHOLE_SECOND.plusSeconds(86_400)));
        messages.createScheduled(new Message("msg_fraction", tenant, "a.b", "{}", WHOLE_SECOND.plusMillis(900),
                WHOLE_SECOND.plusSeconds(86_400)));

        var due = StoredTimeComparisonTest.due.due(DueIndex.Kind.MESSAGE, WHOLE_SECOND.plusMillis(806), 1000).stream()
                .filter(e -> e.tenantId().equals(tenant)).map(DueIndex.Entry::id).toList();

        assertTrue(due.contains("msg_whole"), due.toString());
        assertTrue(!due.contains("msg_fraction"), "not due until .900: " + due);
    }
}
