package dev.hookline.core.inbound.verify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Slack: {@code X-Slack-Signature: v0=<hex HMAC-SHA256(signing secret, "v0:" + timestamp + ":" + body)>} with the
 * timestamp from {@code X-Slack-Request-Timestamp}, which is checked against the tolerance window (Slack's own SDKs
 * use 5 minutes).
 */
public final class SlackScheme implements VerificationScheme {

    public static final String SIGNATURE_HEADER = "X-Slack-Signature";
    public static final String TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";
    private static final SignedTemplate TEMPLATE = SignedTemplate.parse("v0:{timestamp}:{body}");

    private final HmacScheme hmac;

    public SlackScheme(List<String> signingSecrets, Duration tolerance) {
        this.hmac = new HmacScheme(SchemeType.SLACK, spec(tolerance), MacKeys.utf8(signingSecrets));
    }

    /** What Slack signs and how it writes it; shared with the signer and the signature doctor. */
    static HmacSpec spec(Duration tolerance) {
        return new HmacSpec(HmacAlgorithm.SHA256, SIGNATURE_HEADER, "v0=", SignatureEncoding.HEX, TEMPLATE,
                TIMESTAMP_HEADER, null, tolerance);
    }

    @Override
    public SchemeType type() {
        return SchemeType.SLACK;
    }

    @Override
    public Verification verify(InboundRequest request, Instant now) {
        return hmac.verify(request, now);
    }
}
