package dev.hookline.core.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.access.Caller;
import dev.hookline.core.crypto.MasterKeyRing;
import dev.hookline.core.crypto.SealedSecretException;
import dev.hookline.core.crypto.SecretBox;
import dev.hookline.core.outbound.RetryPolicy;
import dev.hookline.core.problem.ProblemException;
import dev.hookline.core.signing.WebhookHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class EndpointKeysTest {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final MasterKeyRing RING =
            MasterKeyRing.fromMaterial("k1", Map.of("k1", "endpoint-keys-test-material-0123456789abcdef"));
    private static final byte[] BODY = "{\"type\":\"order.created\",\"n\":1}".getBytes(StandardCharsets.UTF_8);
    private static final Caller ALICE = new Caller("ten_alice", "key_alice");

    private final MutableClock clock = new MutableClock(T0);
    private final SecretBox box = new SecretBox(RING, new SecureRandom());
    private final EndpointKeys keys = new EndpointKeys(() -> box, new SecureRandom(), clock);

    @Test
    void beforeRotationOneSignatureWithTheCurrentSecret() {
        EndpointKeys.Generated generated = keys.generate("ten_alice", "ep_1", false);
        Endpoint endpoint = endpoint("ep_1", generated.sealedSecret(), null, null);

        List<String> signatures = signatures(keys.signerFor(endpoint).sign("msg_1", clock.instant(), BODY));
        assertEquals(1, signatures.size());
        assertTrue(verifies(generated.secret(), "msg_1", clock.instant(), signatures));
        assertEquals(generated.secret(), keys.secretOf(endpoint));
    }

    @Test
    void duringGraceBothSecretsSignAndAfterItOnlyTheNewOne() {
        EndpointKeys.Generated generated = keys.generate("ten_alice", "ep_1", false);
        Endpoint before = endpoint("ep_1", generated.sealedSecret(), null, null);
        EndpointKeys.Rotated rotated = keys.rotate(before);
        assertTrue(rotated.newSecretPlain().startsWith("whsec_"));
        assertNotEquals(generated.secret(), rotated.newSecretPlain());
        assertFalse(rotated.toString().contains(rotated.newSecretPlain()), "toString must not leak the secret");
        Endpoint after = endpoint("ep_1", rotated.newSealedSecret(), generated.sealedSecret(), T0.plusSeconds(3600));

        // During the grace period: two v1 signatures, one per secret, each checking out independently.
        clock.set(T0.plusSeconds(3599));
        List<String> during = signatures(keys.signerFor(after).sign("msg_2", clock.instant(), BODY));
        assertEquals(2, during.size());
        assertTrue(during.stream().allMatch(s -> s.startsWith("v1,")));
        assertTrue(verifies(generated.secret(), "msg_2", clock.instant(), during), "the old secret verifies");
        assertTrue(verifies(rotated.newSecretPlain(), "msg_2", clock.instant(), during), "the new secret verifies");
        assertEquals(rotated.newSecretPlain(), keys.secretOf(after), "secretOf shows the current secret");

        // At and after the end of the grace period: only the new secret signs.
        for (Instant at : List.of(T0.plusSeconds(3600), T0.plus(Duration.ofDays(3)))) {
            clock.set(at);
            List<String> later = signatures(keys.signerFor(after).sign("msg_3", at, BODY));
            assertEquals(1, later.size(), "one signature at " + at);
            assertTrue(verifies(rotated.newSecretPlain(), "msg_3", at, later));
            assertFalse(verifies(generated.secret(), "msg_3", at, later));
        }
    }

    @Test
    void asymmetricEndpointsKeepTheirEd25519SignatureLast() {
        EndpointKeys.Generated generated = keys.generate("ten_alice", "ep_2", true);
        Endpoint before = endpoint("ep_2", generated.sealedSecret(), null, null);
        Endpoint base = new Endpoint("ep_2", "ten_alice", "https://example.com/hook", null, List.of(), true, null,
                Map.of(), RetryPolicy.DEFAULT, Duration.ofSeconds(15), keys.rotate(before).newSealedSecret(),
                generated.sealedSigningKey(), generated.publicKey(), T0, T0, 1, null, null, generated.sealedSecret(),
                T0.plusSeconds(60));
        String header = keys.signerFor(base).sign("msg_4", T0, BODY).signature();
        List<String> parts = Arrays.asList(header.split(" "));
        assertEquals(3, parts.size());
        assertTrue(parts.get(0).startsWith("v1,") && parts.get(1).startsWith("v1,") && parts.get(2).startsWith("v1a,"));
    }

    @Test
    void theRotatedSecretIsBoundToTheEndpoint() {
        Endpoint ep = endpoint("ep_1", keys.generate("ten_alice", "ep_1", false).sealedSecret(), null, null);
        EndpointKeys.Rotated rotated = keys.rotate(ep);
        assertEquals(rotated.newSecretPlain(),
                box.openString(rotated.newSealedSecret(), SecretBox.associatedData("ten_alice", "ep_1")));
        assertThrows(SealedSecretException.class,
                () -> box.openString(rotated.newSealedSecret(), SecretBox.associatedData("ten_alice", "ep_other")));
        assertThrows(SealedSecretException.class,
                () -> box.openString(rotated.newSealedSecret(), SecretBox.associatedData("ten_bob", "ep_1")));
    }

    @Test
    void adminRotationKeepsTheOldSecretForTheGraceAndReplacesAnOlderPrevious() {
        MemoryEndpoints store = new MemoryEndpoints();
        EndpointAdmin admin = new EndpointAdmin(store, null, null, keys, null, null, clock, audit());
        EndpointKeys.Generated generated = keys.generate("ten_alice", "ep_1", false);
        store.create(endpoint("ep_1", generated.sealedSecret(), null, null));

        EndpointAdmin.Created first = admin.rotateSecret(ALICE, "ep_1", null);
        assertEquals(generated.sealedSecret(), first.endpoint().previousSealedSecret());
        assertEquals(T0.plus(Duration.ofHours(24)), first.endpoint().previousSecretExpiresAt(), "default grace 24 h");
        assertEquals(first.secret(), keys.secretOf(first.endpoint()));
        assertEquals(2, first.endpoint().version());
        assertEquals("https://example.com/hook", first.endpoint().url());

        clock.set(T0.plusSeconds(60));
        EndpointAdmin.Created second = admin.rotateSecret(ALICE, "ep_1", Duration.ofDays(7));
        assertEquals(first.endpoint().sealedSecret(), second.endpoint().previousSealedSecret(),
                "a rotation during a grace replaces the older previous secret");
        assertEquals(T0.plusSeconds(60).plus(Duration.ofDays(7)), second.endpoint().previousSecretExpiresAt());
        List<String> sigs = signatures(keys.signerFor(second.endpoint()).sign("msg_5", clock.instant(), BODY));
        assertEquals(2, sigs.size());
        assertTrue(verifies(first.secret(), "msg_5", clock.instant(), sigs));
        assertTrue(verifies(second.secret(), "msg_5", clock.instant(), sigs));
        assertFalse(verifies(generated.secret(), "msg_5", clock.instant(), sigs));

        EndpointAdmin.Created zero = admin.rotateSecret(ALICE, "ep_1", Duration.ZERO);
        assertEquals(1, signatures(keys.signerFor(zero.endpoint()).sign("msg_6", clock.instant(), BODY)).size(),
                "grace 0 drops the old secret at once");
    }

    @Test
    void adminRefusesBadGraceAndUnknownOrForeignEndpoints() {
        MemoryEndpoints store = new MemoryEndpoints();
        EndpointAdmin admin = new EndpointAdmin(store, null, null, keys, null, null, clock, audit());
        store.create(endpoint("ep_1", keys.generate("ten_alice", "ep_1", false).sealedSecret(), null, null));

        for (Duration bad : List.of(Duration.ofDays(7).plusSeconds(1), Duration.ofSeconds(-1))) {
            ProblemException e = assertThrows(ProblemException.class, () -> admin.rotateSecret(ALICE, "ep_1", bad));
            assertEquals(422, e.problem().status());
            assertEquals("grace_s", e.problem().errors().getFirst().field());
        }
        assertEquals(404, assertThrows(ProblemException.class,
                () -> admin.rotateSecret(ALICE, "ep_missing", null)).problem().status());
        assertEquals(404, assertThrows(ProblemException.class,
                () -> admin.rotateSecret(new Caller("ten_bob", "key_bob"), "ep_1", null)).problem().status());
        assertNull(store.get("ten_alice", "ep_1").orElseThrow().previousSealedSecret(), "nothing changed");
    }

    @Test
    void adminRetriesWhenTheEndpointChangesMeanwhile() {
        MemoryEndpoints store = new MemoryEndpoints();
        EndpointAdmin admin = new EndpointAdmin(store, null, null, keys, null, null, clock, audit());
        store.create(endpoint("ep_1", keys.generate("ten_alice", "ep_1", false).sealedSecret(), null, null));
        store.conflicts = 2;
        assertEquals(2, admin.rotateSecret(ALICE, "ep_1", null).endpoint().version());
        assertEquals(1, auditLog.all().size(), "one entry for one rotation, however many tries it took");
        assertEquals("endpoint.secret_rotated", auditLog.all().getFirst().action());
        store.conflicts = 3;
        assertEquals(409, assertThrows(ProblemException.class,
                () -> admin.rotateSecret(ALICE, "ep_1", null)).problem().status());
        assertEquals(1, auditLog.all().size(), "the rotation that did not happen is withdrawn from the log");
    }

    private static Endpoint endpoint(String id, String sealed, String previousSealed, Instant previousExpiresAt) {
        return new Endpoint(id, "ten_alice", "https://example.com/hook", null, List.of(), true, null, Map.of(),
                RetryPolicy.DEFAULT, Duration.ofSeconds(15), sealed, null, null, T0, T0, 1, null, null,
                previousSealed, previousExpiresAt);
    }

    private static List<String> signatures(WebhookHeaders headers) {
        return Arrays.asList(headers.signature().split(" "));
    }

    /** An independent Standard Webhooks v1 check: HMAC-SHA256 over {@code id.timestamp.body}, base64. */
    private static boolean verifies(String secret, String msgId, Instant at, List<String> signatures) {
        try {
            byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((msgId + "." + at.getEpochSecond() + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = mac.doFinal(BODY);
            for (String s : signatures) {
                if (s.startsWith("v1,") && MessageDigest.isEqual(expected, Base64.getDecoder().decode(s.substring(3)))) {
                    return true;
                }
            }
            return false;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant at) {
            now = at;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Versioned in-memory store with the same compare-and-set contract as the DynamoDB one. */
    private final dev.hookline.core.audit.MemoryAuditLog auditLog = new dev.hookline.core.audit.MemoryAuditLog();

    private dev.hookline.core.audit.AuditTrail audit() {
        return new dev.hookline.core.audit.AuditTrail(auditLog, new dev.hookline.core.id.Ids(clock,
                new java.security.SecureRandom()), clock, Duration.ofDays(30));
    }

    private static final class MemoryEndpoints implements EndpointStore {
        private final Map<String, Endpoint> byKey = new ConcurrentHashMap<>();
        int conflicts;

        @Override
        public void create(Endpoint endpoint) {
            byKey.put(endpoint.tenantId() + "/" + endpoint.id(), endpoint);
        }

        @Override
        public Optional<Endpoint> get(String tenantId, String endpointId) {
            return Optional.ofNullable(byKey.get(tenantId + "/" + endpointId));
        }

        @Override
        public List<Endpoint> listAll(String tenantId) {
            return new ArrayList<>(byKey.values().stream().filter(e -> e.tenantId().equals(tenantId)).toList());
        }

        @Override
        public List<Endpoint> page(String tenantId, String afterId, int limit) {
            return listAll(tenantId);
        }

        @Override
        public boolean update(Endpoint endpoint) {
            if (conflicts > 0) {
                conflicts--;
                return false;
            }
            String key = endpoint.tenantId() + "/" + endpoint.id();
            Endpoint stored = byKey.get(key);
            if (stored == null || stored.version() != endpoint.version()) {
                return false;
            }
            byKey.put(key, new Endpoint(endpoint.id(), endpoint.tenantId(), endpoint.url(), endpoint.description(),
                    endpoint.eventTypes(), endpoint.enabled(), endpoint.disabledReason(), endpoint.headers(),
                    endpoint.retry(), endpoint.timeout(), endpoint.sealedSecret(), endpoint.sealedSigningKey(),
                    endpoint.publicKey(), endpoint.createdAt(), endpoint.updatedAt(), endpoint.version() + 1,
                    endpoint.health(), endpoint.breaker(), endpoint.previousSealedSecret(),
                    endpoint.previousSecretExpiresAt()));
            return true;
        }

        @Override
        public boolean delete(String tenantId, String endpointId) {
            return byKey.remove(tenantId + "/" + endpointId) != null;
        }
    }
}
