package dev.hookline.core.endpoint;

import dev.hookline.core.crypto.SecretBox;
import dev.hookline.core.signing.Ed25519SigningKey;
import dev.hookline.core.signing.SigningSecret;
import dev.hookline.core.signing.WebhookSigner;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * An endpoint's signing material: generated here, sealed with the master key ring (bound to tenant and
 * endpoint id, so a ciphertext copied onto another endpoint does not open), opened only to sign or to
 * show the tenant its own secret.
 *
 * <p>During a secret rotation's grace period deliveries are signed with the current and the previous secret (the
 * {@code webhook-signature} header then lists two {@code v1} signatures), so receivers can switch at their own pace.
 */
public final class EndpointKeys {
    public record Generated(String secret, String sealedSecret, String sealedSigningKey, String publicKey) {
        @Override
        public String toString() {
            return "Generated[publicKey=" + publicKey + "]";
        }
    }

    /** A freshly generated replacement secret: the plain form (shown once) and the sealed form (stored). */
    public record Rotated(String newSecretPlain, String newSealedSecret) {
        @Override
        public String toString() {
            return "Rotated[]";
        }
    }

    private final Supplier<SecretBox> box;
    private final SecureRandom random;
    private final Clock clock;
    private final ClientCertificates certificates;

    /** Without client certificates by Secrets Manager reference (tests). */
    public EndpointKeys(Supplier<SecretBox> box, SecureRandom random, Clock clock) {
        this(box, random, clock, new ClientCertificates(box, arn -> {
            throw new IllegalStateException("no Secrets Manager here");
        }, "", clock));
    }

    public EndpointKeys(Supplier<SecretBox> box, SecureRandom random, Clock clock, ClientCertificates certificates) {
        this.box = box;
        this.random = random;
        this.clock = clock;
        this.certificates = certificates;
    }

    public ClientCertificates certificates() {
        return certificates;
    }

    /** The client certificate and key the endpoint presents (mutual TLS), or null; throws if it cannot be opened. */
    public dev.hookline.core.outbound.ClientIdentity clientIdentity(Endpoint endpoint) {
        return certificates.identityOf(endpoint);
    }

    public Generated generate(String tenantId, String endpointId, boolean asymmetric) {
        return generate(tenantId, endpointId, asymmetric, null);
    }

    /** {@code supplied}: a secret the tenant chose (already checked by EndpointValidation); null generates one. */
    public Generated generate(String tenantId, String endpointId, boolean asymmetric, String supplied) {
        byte[] aad = SecretBox.associatedData(tenantId, endpointId);
        SigningSecret secret = supplied == null ? SigningSecret.generate(random) : SigningSecret.parse(supplied);
        String sealedSecret = box.get().sealString(secret.encoded(), aad);
        if (!asymmetric) {
            return new Generated(secret.encoded(), sealedSecret, null, null);
        }
        Ed25519SigningKey key = Ed25519SigningKey.generate(random);
        return new Generated(secret.encoded(), sealedSecret, box.get().sealString(key.encoded(), aad),
                key.publicKey().encoded());
    }

    /** A new symmetric secret for the endpoint, sealed to the same tenant and endpoint id as the current one. */
    public Rotated rotate(Endpoint endpoint) {
        SigningSecret secret = SigningSecret.generate(random);
        return new Rotated(secret.encoded(),
                box.get().sealString(secret.encoded(), SecretBox.associatedData(endpoint.tenantId(), endpoint.id())));
    }

    /** The current secret (never the previous one, even during a rotation's grace period). */
    /**
     * The endpoint with every sealed value re-encrypted under the master key ring's current key, if any still
     * names an older one (lazy re-encryption after a master key rotation; old ids stay readable meanwhile).
     */
    public Endpoint resealed(Endpoint e) {
        SecretBox b = box.get();
        byte[] aad = SecretBox.associatedData(e.tenantId(), e.id());
        boolean stale = b.needsReseal(e.sealedSecret())
                || (e.sealedSigningKey() != null && b.needsReseal(e.sealedSigningKey()))
                || (e.previousSealedSecret() != null && b.needsReseal(e.previousSealedSecret()))
                || certificates.needsReseal(e.clientCertificate());
        if (!stale) {
            return e;
        }
        return new Endpoint(e.id(), e.tenantId(), e.url(), e.description(), e.eventTypes(), e.enabled(),
                e.disabledReason(), e.headers(), e.retry(), e.timeout(), b.reseal(e.sealedSecret(), aad),
                e.sealedSigningKey() == null ? null : b.reseal(e.sealedSigningKey(), aad), e.publicKey(), e.createdAt(),
                e.updatedAt(), e.version(), e.health(), e.breaker(),
                e.previousSealedSecret() == null ? null : b.reseal(e.previousSealedSecret(), aad), e.previousSecretExpiresAt(),
                e.name(), e.eventTypeHeader(), certificates.resealed(e.clientCertificate(), e.tenantId(), e.id()));
    }

    public String secretOf(Endpoint endpoint) {
        return box.get().openString(endpoint.sealedSecret(), SecretBox.associatedData(endpoint.tenantId(), endpoint.id()));
    }

    /** Signs with the current secret and, while the previous one is still in its grace period, that one too. */
    public WebhookSigner signerFor(Endpoint endpoint) {
        byte[] aad = SecretBox.associatedData(endpoint.tenantId(), endpoint.id());
        List<SigningSecret> secrets = new ArrayList<>(2);
        secrets.add(SigningSecret.parse(box.get().openString(endpoint.sealedSecret(), aad)));
        if (endpoint.previousSecretValidAt(clock.instant())) {
            secrets.add(SigningSecret.parse(box.get().openString(endpoint.previousSealedSecret(), aad)));
        }
        List<Ed25519SigningKey> keys = endpoint.sealedSigningKey() == null ? List.of()
                : List.of(Ed25519SigningKey.parse(box.get().openString(endpoint.sealedSigningKey(), aad)));
        return new WebhookSigner(secrets, keys);
    }
}
