package dev.hookline.core.inbound.verify;

import static dev.hookline.core.inbound.verify.SignatureAlgorithm.ECDSA_P256_SHA256;
import static dev.hookline.core.inbound.verify.SignatureAlgorithm.HMAC_SHA1;
import static dev.hookline.core.inbound.verify.SignatureAlgorithm.HMAC_SHA256;
import static dev.hookline.core.inbound.verify.SignatureEncoding.BASE64;
import static dev.hookline.core.inbound.verify.SignatureEncoding.HEX;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The vendors Hookline verifies by name. Each entry is the vendor's documented convention; each is checked by a
 * known-answer vector in the tests ({@code VendorPresetVectorsTest}). Secrets are used as their UTF-8 bytes, as every
 * listed vendor's own libraries do.
 */
public final class VendorPresets {

    /** {@code Stripe-Signature: t=<s>,v1=<hex>[,v1=…]}: HMAC-SHA256 of {@code t.body}; v0 (test-mode SHA-1) ignored. */
    public static final VendorPreset STRIPE = preset("stripe", SenderEventId.jsonPointer("/id"),
            spec(HMAC_SHA256, SignatureLayout.keyed("Stripe-Signature", ',', "t", "v1"), HEX, "{timestamp}.{body}",
                    TimestampRule.SIGNATURE_HEADER));

    /** {@code X-Hub-Signature-256: sha256=<hex>} over the body; the legacy SHA-1 header is deliberately not read. */
    public static final VendorPreset GITHUB = preset("github", SenderEventId.header("X-GitHub-Delivery"),
            spec(HMAC_SHA256, SignatureLayout.list("X-Hub-Signature-256", "sha256="), HEX, "{body}",
                    TimestampRule.NONE));

    /** {@code X-Shopify-Hmac-Sha256: <base64>} over the body. */
    public static final VendorPreset SHOPIFY = preset("shopify", SenderEventId.header("X-Shopify-Webhook-Id"),
            spec(HMAC_SHA256, SignatureLayout.list("X-Shopify-Hmac-Sha256", ""), BASE64, "{body}",
                    TimestampRule.NONE));

    /**
     * {@code X-Slack-Signature: v0=<hex>} of {@code v0:<X-Slack-Request-Timestamp>:<body>}. Slack's timestamp changes
     * per retry; the Events API {@code event_id} does not (slash commands have none).
     */
    public static final VendorPreset SLACK = new VendorPreset(
            new SchemeType("slack", SenderEventId.jsonPointer("/event_id")),
            spec(HMAC_SHA256, SignatureLayout.list("X-Slack-Signature", "v0="), HEX, "v0:{timestamp}:{body}",
                    TimestampRule.header("X-Slack-Request-Timestamp")),
            Handshake.SLACK_URL_VERIFICATION);

    /**
     * {@code X-Twilio-Signature: base64(HMAC-SHA1(auth token, url + sorted form params))}. For non-form bodies Twilio
     * appends {@code bodySHA256=<hex>} to the URL and signs the URL alone; the hash must then match the body. The URL
     * is signed with or without its default port, depending on Twilio's side, so both are tried.
     */
    public static final VendorPreset TWILIO = preset("twilio", SenderEventId.header("I-Twilio-Idempotency-Token"),
            new SignatureSpec(HMAC_SHA1, SignatureLayout.list("X-Twilio-Signature", ""), BASE64,
                    SignedTemplate.parse("{url}{form}"), TimestampRule.NONE, null, null, "bodySHA256", true));

    /** {@code x-square-hmacsha256-signature: <base64>} of the notification URL followed by the body. */
    public static final VendorPreset SQUARE = preset("square", SenderEventId.jsonPointer("/event_id"),
            spec(HMAC_SHA256, SignatureLayout.list("x-square-hmacsha256-signature", ""), BASE64, "{url}{body}",
                    TimestampRule.NONE));

    /** {@code X-PagerDuty-Signature: v1=<hex>[,v1=…]} over the body, one entry per active secret while rotating. */
    public static final VendorPreset PAGERDUTY = preset("pagerduty", SenderEventId.jsonPointer("/event/id"),
            spec(HMAC_SHA256, SignatureLayout.list("X-PagerDuty-Signature", "v1="), HEX, "{body}",
                    TimestampRule.NONE));

    /** {@code x-zm-signature: v0=<hex>} of {@code v0:<x-zm-request-timestamp>:<body>} under the secret token. */
    public static final VendorPreset ZOOM = new VendorPreset(new SchemeType("zoom", SenderEventId.NONE),
            spec(HMAC_SHA256, SignatureLayout.list("x-zm-signature", "v0="), HEX, "v0:{timestamp}:{body}",
                    TimestampRule.header("x-zm-request-timestamp")),
            Handshake.ZOOM_URL_VALIDATION);

    /** Paddle Billing: {@code Paddle-Signature: ts=<s>;h1=<hex>[;h1=…]} of {@code ts:body}. */
    public static final VendorPreset PADDLE = preset("paddle", SenderEventId.jsonPointer("/event_id"),
            spec(HMAC_SHA256, SignatureLayout.keyed("Paddle-Signature", ';', "ts", "h1"), HEX, "{timestamp}:{body}",
                    TimestampRule.SIGNATURE_HEADER));

    /**
     * {@code Linear-Signature: <hex>} over the body; the signed body's {@code webhookTimestamp} (milliseconds) must be
     * within a minute, as Linear's SDK checks.
     */
    public static final VendorPreset LINEAR = preset("linear", SenderEventId.header("Linear-Delivery"),
            spec(HMAC_SHA256, SignatureLayout.list("Linear-Signature", ""), HEX, "{body}",
                    TimestampRule.jsonMillis("/webhookTimestamp")).withTolerance(Duration.ofSeconds(60)));

    /** Intercom: {@code X-Hub-Signature: sha1=<hex>} of the body under the app's client secret. */
    public static final VendorPreset INTERCOM = preset("intercom", SenderEventId.jsonPointer("/id"),
            spec(HMAC_SHA1, SignatureLayout.list("X-Hub-Signature", "sha1="), HEX, "{body}", TimestampRule.NONE));

    /** Segment: {@code X-Signature: <hex>}, HMAC-SHA1 of the body under the shared secret; {@code messageId} names the event. */
    public static final VendorPreset SEGMENT = preset("segment", SenderEventId.jsonPointer("/messageId"),
            spec(HMAC_SHA1, SignatureLayout.list("X-Signature", ""), HEX, "{body}", TimestampRule.NONE));

    /**
     * SendGrid's signed Event Webhook: {@code X-Twilio-Email-Event-Webhook-Signature: <base64 DER ECDSA P-256>} of
     * {@code <X-Twilio-Email-Event-Webhook-Timestamp><body>}, verified with the account's public verification key.
     * The body is a batch of events, each with its own {@code sg_event_id}, so the batch has no single id.
     */
    public static final VendorPreset SENDGRID = preset("sendgrid", SenderEventId.NONE,
            spec(ECDSA_P256_SHA256, SignatureLayout.list("X-Twilio-Email-Event-Webhook-Signature", ""), BASE64,
                    "{timestamp}{body}", TimestampRule.header("X-Twilio-Email-Event-Webhook-Timestamp")));

    private static final List<VendorPreset> ALL = List.of(STRIPE, GITHUB, SHOPIFY, SLACK, TWILIO, SQUARE, PAGERDUTY,
            ZOOM, PADDLE, LINEAR, INTERCOM, SEGMENT, SENDGRID);

    private VendorPresets() {
    }

    public static List<VendorPreset> all() {
        return ALL;
    }

    public static Optional<VendorPreset> find(String id) {
        return ALL.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    private static VendorPreset preset(String id, SenderEventId eventId, SignatureSpec spec) {
        return new VendorPreset(new SchemeType(id, eventId), spec, Handshake.NONE);
    }

    private static SignatureSpec spec(SignatureAlgorithm algorithm, SignatureLayout layout, SignatureEncoding encoding,
                                      String template, TimestampRule timestamp) {
        return new SignatureSpec(algorithm, layout, encoding, SignedTemplate.parse(template), timestamp, null, null,
                null, false);
    }
}
