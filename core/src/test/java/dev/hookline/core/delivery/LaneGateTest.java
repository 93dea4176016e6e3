package dev.hookline.core.delivery;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class LaneGateTest {
    /** Short enough for a test, long enough that a healthy send in the test never crosses it. */
    private static final LaneGate.Settings SETTINGS = new LaneGate.Settings(Duration.ofMillis(300),
            Duration.ofMillis(200), Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofSeconds(2), 1, 8, 4);

    private final SharedPace store = new SharedPace();
    private final List<LaneGate> gates = new ArrayList<>();

    @AfterEach
    void close() {
        gates.forEach(LaneGate::close);
    }

    private LaneGate gate(LaneGate.Settings settings) {
        LaneGate gate = new LaneGate(store, Clock.systemUTC(), settings);
        gates.add(gate);
        return gate;
    }

    private static LaneGate.Slot sent(LaneGate.Admission admission) {
        return assertInstanceOf(LaneGate.Send.class, admission).slot();
    }

    @Test
    void anEndpointNotYetSeenGetsOneFastLaneSendAndTheNextIsHandedBackUnsentAfterTheBudget() {
        LaneGate gate = gate(SETTINGS);
        LaneGate.Slot probe = sent(gate.admit(Lane.FAST, gate.view("t", "ep_new")));

        LaneGate.HandBack back = assertInstanceOf(LaneGate.HandBack.class, gate.admit(Lane.FAST, gate.view("t", "ep_new")));

        assertEquals(Lane.SLOW, back.lane());
        assertEquals("wait_budget", back.reason());
        assertEquals(Duration.ZERO, back.delay());
        probe.close();
    }

    @Test
    void aPromptAnswerProvesTheEndpointAndOpensTheFastLaneCap() {
        LaneGate gate = gate(SETTINGS);
        try (LaneGate.Slot probe = sent(gate.admit(Lane.FAST, gate.view("t", "ep_fast")))) {
            probe.observed(20, false);
        }

        List<LaneGate.Slot> open = new ArrayList<>();
        for (int i = 0; i < SETTINGS.fastCap(); i++) {
            open.add(sent(gate.admit(Lane.FAST, gate.view("t", "ep_fast"))));
        }
        assertInstanceOf(LaneGate.HandBack.class, gate.admit(Lane.FAST, gate.view("t", "ep_fast")), "the cap holds");
        open.getFirst().close();
        sent(gate.admit(Lane.FAST, gate.view("t", "ep_fast"))); // a freed slot is taken again
        open.forEach(LaneGate.Slot::close);
        assertEquals(Lane.FAST, gate.laneFor("t", "ep_fast"));
    }

    @Test
    void aWaiterIsAdmittedAsSoonAsTheProbeAnswersPromptly() throws Exception {
        LaneGate gate = gate(new LaneGate.Settings(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMinutes(5),
                Duration.ofMinutes(5), Duration.ofSeconds(2), 1, 8, 4));
        LaneGate.Slot probe = sent(gate.admit(Lane.FAST, gate.view("t", "ep_quick")));
        CompletableFuture<LaneGate.Admission> waiter = CompletableFuture.supplyAsync(
                () -> gate.admit(Lane.FAST, gate.view("t", "ep_quick")));

        probe.observed(15, false);
        probe.close();

        sent(waiter.get()).close();
    }

    /** The watchdog: a send still going after slowAfter marks the endpoint, and its waiters leave unsent at once. */
    @Test
    void aSendStillInFlightAfterSlowAfterMarksTheEndpointSlowEverywhere() throws Exception {
        LaneGate gate = gate(new LaneGate.Settings(Duration.ofMillis(100), Duration.ofSeconds(20), Duration.ofMinutes(5),
                Duration.ofMinutes(5), Duration.ofSeconds(2), 1, 8, 4));
        LaneGate.Slot hung = sent(gate.admit(Lane.FAST, gate.view("t", "ep_hung")));
        CompletableFuture<LaneGate.Admission> waiter = CompletableFuture.supplyAsync(
                () -> gate.admit(Lane.FAST, gate.view("t", "ep_hung")));

        LaneGate.HandBack back = assertInstanceOf(LaneGate.HandBack.class, waiter.get());

        assertEquals("slow_endpoint", back.reason(), "left because the endpoint turned slow, not at the 20 s budget");
        assertEquals(Lane.SLOW, gate.laneFor("t", "ep_hung"), "retries are scheduled on the slow lane");
        // Waiters leave as soon as this environment knows; the shared write follows on the watchdog's thread.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (store.slowUntil("t", "ep_hung").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(store.slowUntil("t", "ep_hung").isPresent(), "the mark is shared");
        assertEquals(1, store.writes.get(), "written once, on the change");
        hung.observed(15_000, true);
        hung.close();
        assertEquals(1, store.writes.get(), "not written again while the shared mark has most of its life left");

        LaneGate other = gate(SETTINGS); // another execution environment
        LaneGate.HandBack moved = assertInstanceOf(LaneGate.HandBack.class,
                other.admit(Lane.FAST, other.view("t", "ep_hung")));
        assertEquals("slow_endpoint", moved.reason(), "learned from the shared mark, without sending");
    }

    @Test
    void aTimeoutOrASlowAnswerMarksTheEndpointSlow() {
        LaneGate gate = gate(new LaneGate.Settings(Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(5),
                Duration.ofMinutes(5), Duration.ofSeconds(2), 1, 8, 4));
        try (LaneGate.Slot slot = sent(gate.admit(Lane.FAST, gate.view("t", "ep_to")))) {
            slot.observed(40, true); // a quick timeout is still a timeout
        }
        try (LaneGate.Slot slot = sent(gate.admit(Lane.FAST, gate.view("t", "ep_slowly")))) {
            slot.observed(5_000, false);
        }

        assertEquals(Lane.SLOW, gate.laneFor("t", "ep_to"));
        assertEquals(Lane.SLOW, gate.laneFor("t", "ep_slowly"));
        assertEquals(Lane.FAST, gate.laneFor("t", "ep_unknown"));
    }

    @Test
    void aProvenEndpointIsMarkedSlowOnlyAfterTwoSlowSendsInARow() {
        LaneGate gate = gate(new LaneGate.Settings(Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(5),
                Duration.ofMinutes(5), Duration.ofSeconds(2), 1, 8, 4));
        try (LaneGate.Slot slot = sent(gate.admit(Lane.FAST, gate.view("t", "ep_proven")))) {
            slot.observed(30, false);
        }
        try (LaneGate.Slot slot = sent(gate.admit(Lane.FAST, gate.view("t", "ep_proven")))) {
            slot.observed(6_000, false); // one hiccup
        }
        assertEquals(Lane.FAST, gate.laneFor("t", "ep_proven"), "one slow send of a proven endpoint is a hiccup");
        try (LaneGate.Slot slot = sent(gate.admit(Lane.FAST, gate.view("t", "ep_proven")))) {
            slot.observed(40, false);
        }
        try (LaneGate.Slot slot = sent(gate.admit(Lane.FAST, gate.view("t", "ep_proven")))) {
            slot.observed(6_000, false);
        }
        assertEquals(Lane.FAST, gate.laneFor("t", "ep_proven"), "a prompt send in between starts the count again");
        try (LaneGate.Slot slot = sent(gate.admit(Lane.FAST, gate.view("t", "ep_proven")))) {
            slot.observed(6_000, false);
        }
        assertEquals(Lane.SLOW, gate.laneFor("t", "ep_proven"), "two in a row: it has turned slow");
    }

    @Test
    void aSlowLaneHandBackComesBackAboutWhenASlotShouldBeFree() {
        LaneGate gate = gate(SETTINGS);
        List<LaneGate.Slot> open = new ArrayList<>();
        for (int i = 0; i < SETTINGS.slowCap(); i++) {
            open.add(sent(gate.admit(Lane.SLOW, gate.view("t", "ep_lagging"))));
        }
        open.getFirst().observed(9_000, false);

        LaneGate.HandBack back = assertInstanceOf(LaneGate.HandBack.class, gate.admit(Lane.SLOW, gate.view("t", "ep_lagging")));

        assertEquals(Duration.ofSeconds(9), back.delay());
        open.forEach(LaneGate.Slot::close);
    }

    @Test
    void theSlowLaneCapsEachEndpointAndHandsTheRestBackWithADelay() {
        LaneGate gate = gate(SETTINGS);
        List<LaneGate.Slot> open = new ArrayList<>();
        for (int i = 0; i < SETTINGS.slowCap(); i++) {
            open.add(sent(gate.admit(Lane.SLOW, gate.view("t", "ep_s"))));
        }

        LaneGate.HandBack back = assertInstanceOf(LaneGate.HandBack.class, gate.admit(Lane.SLOW, gate.view("t", "ep_s")));

        assertEquals(Lane.SLOW, back.lane());
        assertEquals(SETTINGS.slowLaneRetry(), back.delay());
        sent(gate.admit(Lane.SLOW, gate.view("t", "ep_other"))).close(); // another endpoint is not held up
        open.forEach(LaneGate.Slot::close);
    }

    @Test
    void aPromptAnswerInTheSlowLaneClearsTheMark() {
        LaneGate gate = gate(SETTINGS);
        try (LaneGate.Slot slot = sent(gate.admit(Lane.FAST, gate.view("t", "ep_back")))) {
            slot.observed(2_000, false);
        }
        assertEquals(Lane.SLOW, gate.laneFor("t", "ep_back"));

        try (LaneGate.Slot slot = sent(gate.admit(Lane.SLOW, gate.view("t", "ep_back")))) {
            slot.observed(30, false);
        }

        assertEquals(Lane.FAST, gate.laneFor("t", "ep_back"));
        assertTrue(store.slowUntil("t", "ep_back").isEmpty(), "cleared for everyone");
        sent(gate.admit(Lane.FAST, gate.view("t", "ep_back"))).close();
    }

    @Test
    void whatIsAlreadyKnownHandsBackWithoutAReadOrAWait() {
        LaneGate gate = gate(SETTINGS);
        assertTrue(gate.early(Lane.FAST, "t", "ep_never_seen").isEmpty(), "nothing known: the worker decides after its reads");
        try (LaneGate.Slot slot = sent(gate.admit(Lane.FAST, gate.view("t", "ep_known_slow")))) {
            slot.observed(2_500, false);
        }

        LaneGate.HandBack back = gate.early(Lane.FAST, "t", "ep_known_slow").orElseThrow();

        assertEquals(Lane.SLOW, back.lane());
        assertEquals("slow_endpoint", back.reason());
        assertTrue(gate.early(Lane.SLOW, "t", "ep_known_slow").isEmpty(), "the slow lane sends it (below its cap)");
    }

    @Test
    void aDeliveryTaskKeepsItsLaneAndEndpointThroughTheQueue() {
        DeliveryTask task = new DeliveryTask("ten_1", "dlv_1", "ep_1").on(Lane.SLOW);

        DeliveryTask read = DeliveryTask.fromJson(task.toJson());

        assertEquals(task, read);
        assertEquals(new DeliveryTask("ten_1", "dlv_1", Lane.FAST, null),
                DeliveryTask.fromJson("{\"tenant_id\":\"ten_1\",\"delivery_id\":\"dlv_1\"}"), "older messages are fast-lane");
    }

    @Test
    void endpointsAreTrackedPerTenant() {
        LaneGate gate = gate(SETTINGS);
        try (LaneGate.Slot slot = sent(gate.admit(Lane.FAST, gate.view("tenant_a", "ep_1")))) {
            slot.observed(3_000, false);
        }

        assertEquals(Lane.SLOW, gate.laneFor("tenant_a", "ep_1"));
        assertEquals(Lane.FAST, gate.laneFor("tenant_b", "ep_1"));
    }

    /** A stand-in for the shared store, counting writes. */
    private static final class SharedPace implements EndpointPace {
        private final Map<String, Instant> marks = new ConcurrentHashMap<>();
        final AtomicInteger writes = new AtomicInteger();

        @Override
        public Optional<Instant> slowUntil(String tenantId, String endpointId) {
            return Optional.ofNullable(marks.get(tenantId + "/" + endpointId)).filter(Instant.now()::isBefore);
        }

        @Override
        public void markSlow(String tenantId, String endpointId, Instant until) {
            writes.incrementAndGet();
            marks.put(tenantId + "/" + endpointId, until);
        }

        @Override
        public void clear(String tenantId, String endpointId) {
            writes.incrementAndGet();
            marks.remove(tenantId + "/" + endpointId);
        }
    }
}
