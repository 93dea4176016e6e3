package dev.hookline.core.inbound.verify;

import java.time.Instant;
import java.util.List;

/**
 * GitHub: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, body)>}. GitHub signs no timestamp, so replay
 * protection has to come from deduplicating on {@code X-GitHub-Delivery}. The legacy SHA-1 {@code X-Hub-Signature} is
 * deliberately not accepted.
 */
public final class GithubScheme implements VerificationScheme {

    public static final String SIGNATURE_HEADER = "X-Hub-Signature-256";
    public static final String DELIVERY_HEADER = "X-GitHub-Delivery";

    /** What GitHub signs and how it writes it; shared with the signer and the signature doctor. */
    static final HmacSpec SPEC = HmacSpec.overBody(HmacAlgorithm.SHA256, SIGNATURE_HEADER, "sha256=", SignatureEncoding.HEX);

    private final HmacScheme hmac;

    public GithubScheme(List<String> secrets) {
        this.hmac = new HmacScheme(SchemeType.GITHUB, SPEC, MacKeys.utf8(secrets));
    }

    @Override
    public SchemeType type() {
        return SchemeType.GITHUB;
    }

    @Override
    public Verification verify(InboundRequest request, Instant now) {
        return hmac.verify(request, now);
    }
}
