package dev.hookline.core.signing;

import dev.hookline.core.signing.VerificationResult.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Checks a Standard Webhooks v1.0.0 delivery: required headers, timestamp freshness, then signatures.
 *
 * <p>The timestamp window applies in both directions (default 5 minutes, as the spec and its reference libraries use):
 * too old limits replay, too new limits pre-signed messages from a skewed or compromised sender. Candidate keys are a
 * list because during rotation either the old or the new secret may have signed. Any single matching signature is
 * enough; unknown versions and malformed entries are skipped rather than failing the whole header, so senders can add
 * new schemes without breaking us. HMACs are compared with {@link MessageDigest#isEqual} to deny timing oracles. The
 * work per request is bounded whatever the header holds ({@link SignatureLimits}): an oversized header is refused
 * unread, and only a few candidates of each kind are evaluated.
 */
public final class WebhookVerifier {

    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final int ED25519_SIGNATURE_BYTES = 64;
    /** 12 digits covers timestamps until the year 33658 and keeps {@code Long.parseLong} from overflowing. */
    private static final int MAX_TIMESTAMP_DIGITS = 12;

    private final List<SigningSecret> secrets;
    private final List<Ed25519PublicKey> publicKeys;
    private final Clock clock;
    private final long toleranceSeconds;

    public WebhookVerifier(List<SigningSecret> secrets, List<Ed25519PublicKey> publicKeys, Clock clock,
                           Duration tolerance) {
        this.secrets = List.copyOf(secrets);
        this.publicKeys = List.copyOf(publicKeys);
        this.clock = Objects.requireNonNull(clock, "clock");
        if (tolerance.isNegative()) {
            throw new IllegalArgumentException("tolerance must not be negative");
        }
        this.toleranceSeconds = tolerance.toSeconds();
        if (this.secrets.isEmpty() && this.publicKeys.isEmpty()) {
            throw new IllegalArgumentException("a verifier needs at least one secret or public key");
        }
    }

    public WebhookVerifier(List<SigningSecret> secrets, List<Ed25519PublicKey> publicKeys, Clock clock) {
        this(secrets, publicKeys, clock, DEFAULT_TOLERANCE);
    }

    public VerificationResult verify(WebhookHeaders headers, byte[] body) {
        return verify(headers.id(), headers.timestamp(), headers.signature(), body);
    }

    public VerificationResult verify(String msgId, String timestamp, String signatureHeader, byte[] body) {
        Objects.requireNonNull(body, "body");
        List<String> missing = new ArrayList<>();
        if (isBlank(msgId)) {
            missing.add(WebhookHeaders.ID);
        }
        if (isBlank(timestamp)) {
            missing.add(WebhookHeaders.TIMESTAMP);
        }
        if (isBlank(signatureHeader)) {
            missing.add(WebhookHeaders.SIGNATURE);
        }
        if (!missing.isEmpty()) {
            return VerificationResult.fail(Status.MISSING_HEADER, "missing header(s): " + String.join(", ", missing));
        }
        if (SignatureLimits.tooLarge(signatureHeader)) {
            return VerificationResult.fail(Status.NO_MATCHING_SIGNATURE, SignatureLimits.tooLargeDetail(WebhookHeaders.SIGNATURE));
        }

        String ts = timestamp.strip();
        if (ts.length() > MAX_TIMESTAMP_DIGITS || !ts.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return VerificationResult.fail(Status.BAD_TIMESTAMP, "webhook-timestamp is not whole Unix seconds");
        }
        long sentAt = Long.parseLong(ts);
        long now = clock.instant().getEpochSecond();
        if (now - sentAt > toleranceSeconds) {
            return VerificationResult.fail(Status.STALE_TIMESTAMP,
                    "timestamp is " + (now - sentAt) + " s old, tolerance " + toleranceSeconds + " s");
        }
        if (sentAt - now > toleranceSeconds) {
            return VerificationResult.fail(Status.FUTURE_TIMESTAMP,
                    "timestamp is " + (sentAt - now) + " s in the future, tolerance " + toleranceSeconds + " s");
        }

        // Rebuilt from the parsed number, as the reference libraries do, so "0123" and "123" sign the same content.
        byte[] content = SignedContent.of(msgId, sentAt, body);
        List<byte[]> expectedMacs = new ArrayList<>(secrets.size());
        for (SigningSecret secret : secrets) {
            expectedMacs.add(WebhookSigner.hmac(secret, content));
        }

        // Only as many candidates of a kind as our keys of that kind could match (SignatureLimits).
        int v1Left = SignatureLimits.candidatesFor(secrets.size());
        int v1aLeft = SignatureLimits.candidatesFor(publicKeys.size());
        for (String entry : signatureHeader.strip().split("\\s+")) {
            if (v1Left == 0 && v1aLeft == 0) {
                break;
            }
            int comma = entry.indexOf(',');
            if (comma <= 0) {
                continue;
            }
            String version = entry.substring(0, comma);
            boolean v1 = WebhookSigner.V1.equals(version);
            if (!(v1 ? v1Left > 0 : WebhookSigner.V1A.equals(version) && v1aLeft > 0)) {
                continue;
            }
            byte[] signature;
            try {
                signature = Base64.getDecoder().decode(entry.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (v1) {
                v1Left--;
                for (byte[] expected : expectedMacs) {
                    if (MessageDigest.isEqual(expected, signature)) {
                        return VerificationResult.ok("v1 signature matched");
                    }
                }
            } else if (signature.length == ED25519_SIGNATURE_BYTES) {
                v1aLeft--;
                for (Ed25519PublicKey key : publicKeys) {
                    if (key.verify(content, signature)) {
                        return VerificationResult.ok("v1a signature matched");
                    }
                }
            }
        }
        return VerificationResult.fail(Status.NO_MATCHING_SIGNATURE, "no signature matched any configured key");
    }

    public VerificationResult verify(String msgId, String timestamp, String signatureHeader, String body) {
        return verify(msgId, timestamp, signatureHeader, body.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
