package dev.hookline.core.signing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Signs outbound deliveries per Standard Webhooks v1.0.0.
 *
 * <p>Every configured key signs: during a secret rotation the endpoint holds the old and the new secret, and sending
 * both signatures lets receivers switch at their own pace. Symmetric ({@code v1}) signatures come first, then
 * asymmetric ({@code v1a}) ones, each group in the order given, separated by single spaces as the spec requires.
 */
public final class WebhookSigner {

    public static final String V1 = "v1";
    public static final String V1A = "v1a";

    private final List<SigningSecret> secrets;
    private final List<Ed25519SigningKey> asymmetricKeys;

    public WebhookSigner(List<SigningSecret> secrets, List<Ed25519SigningKey> asymmetricKeys) {
        this.secrets = List.copyOf(secrets);
        this.asymmetricKeys = List.copyOf(asymmetricKeys);
        if (this.secrets.isEmpty() && this.asymmetricKeys.isEmpty()) {
            // An unsigned delivery would look valid to nobody; fail at configuration time instead.
            throw new IllegalArgumentException("a signer needs at least one secret or signing key");
        }
    }

    public static WebhookSigner of(SigningSecret... secrets) {
        return new WebhookSigner(List.of(secrets), List.of());
    }

    /** Returns the three headers for one attempt; {@code at} is truncated to whole seconds as the spec requires. */
    public WebhookHeaders sign(String msgId, Instant at, byte[] body) {
        long seconds = at.getEpochSecond();
        return new WebhookHeaders(msgId, Long.toString(seconds), signatureHeader(msgId, seconds, body));
    }

    /** The {@code webhook-signature} value: every signature, space separated. */
    public String signatureHeader(String msgId, long timestampSeconds, byte[] body) {
        byte[] content = content(msgId, timestampSeconds, body);
        List<String> signatures = new ArrayList<>(secrets.size() + asymmetricKeys.size());
        for (SigningSecret secret : secrets) {
            signatures.add(V1 + "," + b64(hmac(secret, content)));
        }
        for (Ed25519SigningKey key : asymmetricKeys) {
            signatures.add(V1A + "," + b64(key.sign(content)));
        }
        return String.join(" ", signatures);
    }

    public String signatureHeader(String msgId, long timestampSeconds, String body) {
        return signatureHeader(msgId, timestampSeconds, body.getBytes(StandardCharsets.UTF_8));
    }

    /** One {@code v1,<base64>} signature. */
    public static String v1(SigningSecret secret, String msgId, long timestampSeconds, byte[] body) {
        return V1 + "," + b64(hmac(secret, content(msgId, timestampSeconds, body)));
    }

    /** One {@code v1a,<base64>} signature. */
    public static String v1a(Ed25519SigningKey key, String msgId, long timestampSeconds, byte[] body) {
        return V1A + "," + b64(key.sign(content(msgId, timestampSeconds, body)));
    }

    static byte[] hmac(SigningSecret secret, byte[] content) {
        return secret.hmac(content);
    }

    private static byte[] content(String msgId, long timestampSeconds, byte[] body) {
        Objects.requireNonNull(msgId, "msgId");
        Objects.requireNonNull(body, "body");
        // The id travels in a header: an empty one or one with whitespace/control characters cannot be sent intact.
        if (msgId.isEmpty() || msgId.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("webhook id must be non-empty without whitespace or control characters");
        }
        if (timestampSeconds < 0) {
            throw new IllegalArgumentException("timestamp must not be negative");
        }
        return SignedContent.of(msgId, timestampSeconds, body);
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
