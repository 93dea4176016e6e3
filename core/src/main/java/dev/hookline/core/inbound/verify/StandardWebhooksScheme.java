package dev.hookline.core.inbound.verify;

import dev.hookline.core.inbound.verify.Verification.Reason;
import dev.hookline.core.signing.Ed25519PublicKey;
import dev.hookline.core.signing.SigningSecret;
import dev.hookline.core.signing.VerificationResult;
import dev.hookline.core.signing.WebhookHeaders;
import dev.hookline.core.signing.WebhookVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/**
 * Standard Webhooks v1 (HMAC, {@code whsec_…}) and v1a (Ed25519, {@code whpk_…}), delegating to the same
 * {@link WebhookVerifier} our own outbound receivers are told to use, so both directions agree byte for byte.
 *
 * <p>Svix, the most common Standard Webhooks sender, still sends {@code svix-id/-timestamp/-signature}; those names are
 * accepted when the {@code webhook-*} ones are absent. The headers of one request are never mixed across the two sets.
 */
public final class StandardWebhooksScheme implements VerificationScheme {

    private static final String SVIX_ID = "svix-id";
    private static final String SVIX_TIMESTAMP = "svix-timestamp";
    private static final String SVIX_SIGNATURE = "svix-signature";

    private final List<SigningSecret> secrets;
    private final List<Ed25519PublicKey> publicKeys;
    private final Duration tolerance;

    public StandardWebhooksScheme(List<SigningSecret> secrets, List<Ed25519PublicKey> publicKeys, Duration tolerance) {
        this.secrets = List.copyOf(secrets);
        this.publicKeys = List.copyOf(publicKeys);
        this.tolerance = Objects.requireNonNullElse(tolerance, Freshness.DEFAULT_TOLERANCE);
        if (this.secrets.isEmpty() && this.publicKeys.isEmpty()) {
            throw new IllegalArgumentException("at least one secret or public key is required");
        }
    }

    @Override
    public SchemeType type() {
        return SchemeType.STANDARD_WEBHOOKS;
    }

    @Override
    public Verification verify(InboundRequest request, Instant now) {
        boolean svix = request.header(WebhookHeaders.SIGNATURE).isEmpty() && request.header(SVIX_SIGNATURE).isPresent();
        String id = request.header(svix ? SVIX_ID : WebhookHeaders.ID).orElse(null);
        String timestamp = request.header(svix ? SVIX_TIMESTAMP : WebhookHeaders.TIMESTAMP).orElse(null);
        String signature = request.header(svix ? SVIX_SIGNATURE : WebhookHeaders.SIGNATURE).orElse(null);
        // The verifier reads "now" from a clock; a fixed one per call keeps this scheme pure.
        WebhookVerifier verifier =
                new WebhookVerifier(secrets, publicKeys, Clock.fixed(now, ZoneOffset.UTC), tolerance);
        VerificationResult result = verifier.verify(id, timestamp, signature, request.rawBody());
        return new Verification(reasonFor(result.status()), result.detail());
    }

    private static Reason reasonFor(VerificationResult.Status status) {
        return switch (status) {
            case VERIFIED -> Reason.VERIFIED;
            case MISSING_HEADER -> Reason.MISSING_HEADER;
            case BAD_TIMESTAMP -> Reason.BAD_TIMESTAMP;
            case STALE_TIMESTAMP -> Reason.STALE_TIMESTAMP;
            case FUTURE_TIMESTAMP -> Reason.FUTURE_TIMESTAMP;
            case NO_MATCHING_SIGNATURE -> Reason.BAD_SIGNATURE;
        };
    }
}
