package dev.hookline.core.audit;

import dev.hookline.core.access.Caller;
import dev.hookline.core.id.Ids;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditTrailTest {
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private static final Caller ALICE = new Caller("ten_alice", "key_alice");

    private final MemoryAuditLog log = new MemoryAuditLog();
    private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    private final AuditTrail trail = new AuditTrail(log, new Ids(clock, new SecureRandom()), clock, Duration.ofDays(30));

    @Test
    void anActionIsRecordedWithActorTimeTargetAndRetention() {
        String result = trail.recorded(ALICE, "endpoint.updated", "endpoint", "ep_1", AuditViews.named("a"),
                AuditViews.named("b"), () -> "done");
        assertEquals("done", result);
        AuditEntry e = log.all().getFirst();
        assertEquals("key_alice", e.actor());
        assertEquals(T0, e.at());
        assertEquals("endpoint", e.targetKind());
        assertEquals("ep_1", e.targetId());
        assertTrue(e.id().startsWith("aud_"));
        assertEquals(T0.plus(Duration.ofDays(30)), e.expiresAt(), "kept as long as events");
        assertEquals("name", e.changes().getFirst().field());
    }

    @Test
    void whenTheAuditWriteFailsTheChangeIsNotMade() {
        log.failNextWrite = true;
        AtomicBoolean changed = new AtomicBoolean();
        assertThrows(IllegalStateException.class, () -> trail.recorded(ALICE, "endpoint.deleted", "endpoint", "ep_1",
                AuditViews.named("a"), null, () -> changed.getAndSet(true)));
        assertFalse(changed.get(), "no change without its audit entry");
        assertTrue(log.all().isEmpty());
    }

    @Test
    void whenTheChangeFailsItsEntryIsWithdrawn() {
        assertThrows(IllegalArgumentException.class, () -> trail.recorded(ALICE, "endpoint.deleted", "endpoint", "ep_1",
                AuditViews.named("a"), null, () -> {
                    throw new IllegalArgumentException("store said no");
                }));
        assertTrue(log.all().isEmpty(), "an action that did not happen is not in the log");
    }

    @Test
    void anActionThatMayApplyInPartKeepsItsEntryWhenItFails() {
        assertThrows(IllegalArgumentException.class, () -> trail.recordedKept(ALICE, "endpoint.recovery_requested",
                "endpoint", "ep_1", null, AuditViews.of("recover_since", T0.toString()), () -> {
                    throw new IllegalArgumentException("queue down halfway");
                }));
        assertEquals(1, log.all().size());
    }

    @Test
    void aRetriedWriteRewritesOneEntryWithTheLastDiff() {
        try (AuditTrail.Pending p = trail.begin(ALICE, "endpoint.updated", "endpoint", "ep_1")) {
            p.write(AuditViews.named("a"), AuditViews.named("b"));
            p.write(AuditViews.named("a2"), AuditViews.named("b"));
            p.applied();
        }
        assertEquals(1, log.all().size());
        assertEquals("a2", log.all().getFirst().changes().getFirst().before().asText());
    }

    @Test
    void malformedFiltersAre422NamingEachField() {
        var e = assertThrows(dev.hookline.core.problem.ProblemException.class, () -> trail.list(ALICE,
                new AuditQuery("DROP TABLE", "endpoint!", null, "x".repeat(300), T0, T0.minusSeconds(1)), null, 10));
        assertEquals(422, e.problem().status());
        assertEquals(java.util.List.of("action", "target_kind", "actor", "to"),
                e.problem().errors().stream().map(dev.hookline.core.problem.Problem.FieldError::field).toList());
    }
}
