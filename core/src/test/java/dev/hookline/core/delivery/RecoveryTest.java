package dev.hookline.core.delivery;

import dev.hookline.core.schedule.QueueSender;
import dev.hookline.core.schedule.WorkQueue;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecoveryTest {
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final String TENANT = "ten_a";
    private static final String ENDPOINT = "ep_1";

    private final FakeDeliveries store = new FakeDeliveries();
    private final RecordingQueues queues = new RecordingQueues();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final Recovery recovery = new Recovery(store, new DeliveryReplay(store, queues, clock), clock,
            Recovery.DEFAULT_RETENTION);

    private int seq;

    private Delivery add(String tenant, String endpoint, DeliveryStatus status, Duration ago) {
        String id = String.format("dlv_%04d", ++seq);
        int attempts = status == DeliveryStatus.PENDING ? 0 : 3;
        Delivery d = new Delivery(id, tenant, "msg_" + seq, endpoint, "order.created", status, attempts, null,
                false, attempts == 0 ? null : "http_500", NOW.minus(ago), NOW.minus(ago).plusSeconds(5),
                NOW.plus(Duration.ofDays(30)));
        store.put(d);
        return d;
    }

    @Test
    void recoverRequeuesOnlyFailedAndDeadLetteredDeliveriesSinceTheGivenTime() {
        Delivery failed = add(TENANT, ENDPOINT, DeliveryStatus.FAILED, Duration.ofMinutes(10));
        Delivery dead = add(TENANT, ENDPOINT, DeliveryStatus.DEAD_LETTERED, Duration.ofMinutes(20));
        Delivery deadExactlyAtSince = add(TENANT, ENDPOINT, DeliveryStatus.DEAD_LETTERED, Duration.ofHours(1));
        add(TENANT, ENDPOINT, DeliveryStatus.DEAD_LETTERED, Duration.ofHours(2)); // before since
        add(TENANT, ENDPOINT, DeliveryStatus.FAILED, Duration.ofHours(3)); // before since
        add(TENANT, ENDPOINT, DeliveryStatus.SUCCEEDED, Duration.ofMinutes(5));
        add(TENANT, ENDPOINT, DeliveryStatus.RETRYING, Duration.ofMinutes(5));
        add(TENANT, ENDPOINT, DeliveryStatus.PENDING, Duration.ofMinutes(5));
        add(TENANT, "ep_other", DeliveryStatus.DEAD_LETTERED, Duration.ofMinutes(5));
        add("ten_b", ENDPOINT, DeliveryStatus.FAILED, Duration.ofMinutes(5));

        int requeued = recovery.recover(TENANT, ENDPOINT, NOW.minus(Duration.ofHours(1)));

        assertEquals(3, requeued);
        assertEquals(Set.of(failed.id(), dead.id(), deadExactlyAtSince.id()), queues.deliveryIds());
        assertTrue(queues.sent.stream().allMatch(s -> s.queue() == WorkQueue.DELIVERY && s.delay().isZero()));
        for (Delivery d : List.of(failed, dead, deadExactlyAtSince)) {
            Delivery now = store.get(TENANT, d.id()).orElseThrow();
            assertEquals(DeliveryStatus.RETRYING, now.status(), "attempted before, so retrying again");
            assertEquals(NOW, now.nextAttemptAt());
        }
    }

    @Test
    void recoveringAgainRightAwayQueuesNothingNew() {
        add(TENANT, ENDPOINT, DeliveryStatus.FAILED, Duration.ofMinutes(10));
        add(TENANT, ENDPOINT, DeliveryStatus.DEAD_LETTERED, Duration.ofMinutes(10));
        Instant since = NOW.minus(Duration.ofHours(1));

        assertEquals(2, recovery.recover(TENANT, ENDPOINT, since));
        assertEquals(0, recovery.recover(TENANT, ENDPOINT, since));
        assertEquals(2, queues.sent.size(), "the second call sent nothing");
    }

    @Test
    void recoverPagesThroughMoreThanOnePageAndStopsAtOlderDeliveries() {
        for (int i = 0; i < 250; i++) {
            add(TENANT, ENDPOINT, DeliveryStatus.DEAD_LETTERED, Duration.ofSeconds(10 + i));
        }
        for (int i = 0; i < 30; i++) {
            add(TENANT, ENDPOINT, DeliveryStatus.DEAD_LETTERED, Duration.ofDays(2).plusSeconds(i));
        }
        assertEquals(250, recovery.recover(TENANT, ENDPOINT, NOW.minus(Duration.ofDays(1))));
        assertEquals(250, queues.deliveryIds().size());
    }

    @Test
    void deadLettersAreListedNewestFirstWithTheirReason() {
        Delivery older = add(TENANT, ENDPOINT, DeliveryStatus.DEAD_LETTERED, Duration.ofMinutes(30));
        Delivery newer = add(TENANT, ENDPOINT, DeliveryStatus.DEAD_LETTERED, Duration.ofMinutes(10));
        add(TENANT, ENDPOINT, DeliveryStatus.FAILED, Duration.ofMinutes(5));
        add(TENANT, "ep_other", DeliveryStatus.DEAD_LETTERED, Duration.ofMinutes(5));

        Recovery.DeadLetterPage first = recovery.deadLetters(TENANT, ENDPOINT, null, 1);
        assertEquals(1, first.deadLetters().size());
        Recovery.DeadLetterEntry entry = first.deadLetters().getFirst();
        assertEquals(newer.id(), entry.deliveryId());
        assertEquals(newer.messageId(), entry.messageId());
        assertEquals("order.created", entry.eventType());
        assertEquals(3, entry.attempts());
        assertEquals("http_500", entry.reason());
        assertEquals(newer.updatedAt(), entry.deadLetteredAt());

        Recovery.DeadLetterPage second = recovery.deadLetters(TENANT, ENDPOINT, first.nextCursor(), 1);
        assertEquals(List.of(older.id()), second.deadLetters().stream().map(Recovery.DeadLetterEntry::deliveryId).toList());
        assertNull(second.nextCursor());
        assertTrue(queues.sent.isEmpty(), "listing sends nothing");
    }

    @Test
    void redriveRequeuesEveryDeadLetterOfTheEndpointOnly() {
        for (int i = 0; i < 120; i++) {
            add(TENANT, ENDPOINT, DeliveryStatus.DEAD_LETTERED, Duration.ofDays(i % 20).plusSeconds(i));
        }
        add(TENANT, ENDPOINT, DeliveryStatus.FAILED, Duration.ofMinutes(1));
        Delivery otherEndpoint = add(TENANT, "ep_other", DeliveryStatus.DEAD_LETTERED, Duration.ofMinutes(1));
        Delivery otherTenant = add("ten_b", ENDPOINT, DeliveryStatus.DEAD_LETTERED, Duration.ofMinutes(1));

        assertEquals(120, recovery.redriveDeadLetters(TENANT, ENDPOINT));
        assertEquals(120, queues.deliveryIds().size());
        assertEquals(0, recovery.deadLetters(TENANT, ENDPOINT, null, 100).deadLetters().size());
        assertEquals(DeliveryStatus.DEAD_LETTERED, store.get(TENANT, otherEndpoint.id()).orElseThrow().status());
        assertEquals(DeliveryStatus.DEAD_LETTERED, store.get("ten_b", otherTenant.id()).orElseThrow().status());

        assertEquals(0, recovery.redriveDeadLetters(TENANT, ENDPOINT), "nothing left to redrive");
        assertEquals(120, queues.sent.size());
    }

    @Test
    void aDeliveryDeletedBeforeItIsRequeuedIsSkipped() {
        Delivery kept = add(TENANT, ENDPOINT, DeliveryStatus.DEAD_LETTERED, Duration.ofMinutes(1));
        Delivery gone = add(TENANT, ENDPOINT, DeliveryStatus.DEAD_LETTERED, Duration.ofMinutes(2));
        store.vanishOnRequeue = gone.id();
        assertEquals(1, recovery.redriveDeadLetters(TENANT, ENDPOINT));
        assertEquals(Set.of(kept.id()), queues.deliveryIds());
    }

    private record Sent(WorkQueue queue, String body, Duration delay) {
    }

    private static final class RecordingQueues implements QueueSender {
        final List<Sent> sent = new ArrayList<>();

        @Override
        public void send(WorkQueue queue, String body, Duration delay) {
            sent.add(new Sent(queue, body, delay));
        }

        Set<String> deliveryIds() {
            return sent.stream().map(s -> DeliveryTask.fromJson(s.body()).deliveryId()).collect(Collectors.toSet());
        }
    }

    /** Newest first by (created_at, id) like the endpoint index; the cursor is the last id returned. */
    private static final class FakeDeliveries implements DeliveryStore {
        private final Map<String, Delivery> byKey = new LinkedHashMap<>();
        String vanishOnRequeue;

        void put(Delivery d) {
            byKey.put(d.tenantId() + "/" + d.id(), d);
        }

        @Override
        public Optional<Delivery> get(String tenantId, String deliveryId) {
            return Optional.ofNullable(byKey.get(tenantId + "/" + deliveryId));
        }

        @Override
        public Optional<Delivery> unpark(String tenantId, String deliveryId, Instant now) {
            return get(tenantId, deliveryId).filter(Delivery::parked).flatMap(d -> requeue(tenantId, deliveryId, now));
        }

        @Override
        public Optional<Delivery> requeue(String tenantId, String deliveryId, Instant now) {
            if (deliveryId.equals(vanishOnRequeue)) {
                byKey.remove(tenantId + "/" + deliveryId);
            }
            return get(tenantId, deliveryId).map(d -> {
                Delivery changed = new Delivery(d.id(), d.tenantId(), d.messageId(), d.endpointId(), d.eventType(),
                        d.attemptCount() == 0 ? DeliveryStatus.PENDING : DeliveryStatus.RETRYING, d.attemptCount(),
                        now, false, d.lastError(), d.createdAt(), now, d.expiresAt());
                put(changed);
                return changed;
            });
        }

        @Override
        public DeliveryPage listByEndpoint(String tenantId, String endpointId, DeliveryStatus status, String cursor,
                                           int limit) {
            Comparator<Delivery> newestFirst = Comparator.comparing(Delivery::createdAt).thenComparing(Delivery::id).reversed();
            List<Delivery> all = byKey.values().stream()
                    .filter(d -> d.tenantId().equals(tenantId) && d.endpointId().equals(endpointId))
                    .sorted(newestFirst).toList();
            int start = 0;
            if (cursor != null) {
                Delivery after = get(tenantId, cursor).orElseThrow();
                while (start < all.size() && newestFirst.compare(all.get(start), after) <= 0) {
                    start++;
                }
            }
            List<Delivery> out = new ArrayList<>();
            int i = start;
            for (; i < all.size() && out.size() < limit; i++) {
                if (status == null || all.get(i).status() == status) {
                    out.add(all.get(i));
                }
            }
            boolean more = all.subList(i, all.size()).stream().anyMatch(d -> status == null || d.status() == status);
            return new DeliveryPage(out, more ? out.getLast().id() : null);
        }

        @Override
        public Created createOnce(Delivery delivery) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Claim claim(String tenantId, String deliveryId, Instant now, Instant leaseUntil) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void release(String tenantId, String deliveryId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void reschedule(String tenantId, String deliveryId, Instant at, Instant now) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean recordAttempt(Delivery claimed, Attempt attempt, DeliveryStatus status, Instant nextAttemptAt,
                                     boolean parked, Instant now, Message event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean queueWaiting(String tenantId, String deliveryId, Instant seenDueAt, Instant now) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Overdue requeueOverdue(String tenantId, String deliveryId, Instant seenDueAt, Instant now,
                                      int maxRequeues, String reason) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void park(String tenantId, String deliveryId, Instant now) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Delivery> parked(String tenantId, String endpointId, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Attempt> attempts(String tenantId, String deliveryId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Delivery> listByMessage(String tenantId, String messageId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int deleteByEndpoint(String tenantId, String endpointId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<PullState> duePulls(String tenantId, String endpointId, Instant now, int limit) {
            throw new UnsupportedOperationException("recovery never pulls");
        }

        @Override
        public Optional<PullState> pullState(String tenantId, String deliveryId) {
            throw new UnsupportedOperationException("recovery never pulls");
        }

        @Override
        public Optional<PullState> leasePull(String tenantId, String deliveryId, String leaseId, Instant now,
                                             Instant leaseUntil) {
            throw new UnsupportedOperationException("recovery never pulls");
        }

        @Override
        public boolean recordPullAttempt(Delivery leased, String leaseId, boolean expired, Attempt attempt,
                                         DeliveryStatus status, Instant nextAttemptAt, boolean parked, Instant now,
                                         Message event) {
            throw new UnsupportedOperationException("recovery never pulls");
        }
    }

    @Test
    void sinceMustBeWithinTheRetentionAndNotInTheFuture() {
        var future = assertThrows(dev.hookline.core.problem.ProblemException.class,
                () -> recovery.recover(TENANT, ENDPOINT, NOW.plusSeconds(1)));
        assertEquals(422, future.problem().status());
        assertEquals("since", future.problem().errors().getFirst().field());
        var tooOld = assertThrows(dev.hookline.core.problem.ProblemException.class,
                () -> recovery.recover(TENANT, ENDPOINT, NOW.minus(Duration.ofDays(31))));
        assertEquals(422, tooOld.problem().status());
        assertTrue(tooOld.problem().detail().contains("30 days"), tooOld.problem().detail());
        assertEquals(0, recovery.recover(TENANT, ENDPOINT, NOW.minus(Duration.ofDays(30))));
    }
}
