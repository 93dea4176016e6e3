package dev.hookline.core.inbound.verify;

import dev.hookline.core.inbound.verify.Verification.Reason;
import dev.hookline.core.signing.SignatureLimits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Stripe: {@code Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…]} where each {@code v1} is
 * HMAC-SHA256(secret, {@code t + "." + body}). Stripe adds one {@code v1} per active endpoint secret during a roll,
 * and we may hold several secrets ourselves, so any pair matching is enough. {@code v0} (test-mode SHA-1) entries and
 * unknown keys are ignored, as Stripe's libraries do.
 */
public final class StripeScheme implements VerificationScheme {

    public static final String SIGNATURE_HEADER = "Stripe-Signature";

    private final List<byte[]> secrets;
    private final Duration tolerance;

    public StripeScheme(List<String> secrets, Duration tolerance) {
        this.secrets = MacKeys.utf8(secrets);
        this.tolerance = Objects.requireNonNullElse(tolerance, Freshness.DEFAULT_TOLERANCE);
    }

    @Override
    public SchemeType type() {
        return SchemeType.STRIPE;
    }

    @Override
    public Verification verify(InboundRequest request, Instant now) {
        Optional<String> header = request.header(SIGNATURE_HEADER);
        if (header.isEmpty()) {
            return Verification.fail(Reason.MISSING_HEADER, "missing header(s): " + SIGNATURE_HEADER);
        }
        if (SignatureLimits.tooLarge(header.get())) {
            return Verification.fail(Reason.BAD_SIGNATURE, SignatureLimits.tooLargeDetail(SIGNATURE_HEADER));
        }
        String timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        int candidates = SignatureLimits.candidatesFor(secrets.size());
        for (String element : header.get().split(",")) {
            int eq = element.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = element.substring(0, eq).strip();
            String value = element.substring(eq + 1).strip();
            if (key.equals("t") && timestamp == null) {
                timestamp = value;
            } else if (key.equals("v1") && signatures.size() < candidates) {
                SignatureEncoding.HEX.decode(value).ifPresent(signatures::add);
            }
        }
        OptionalLong sentAt = Freshness.parseSeconds(timestamp);
        if (sentAt.isEmpty()) {
            return Verification.fail(Reason.BAD_TIMESTAMP, SIGNATURE_HEADER + " has no valid t= timestamp");
        }
        if (signatures.isEmpty()) {
            return Verification.fail(Reason.BAD_SIGNATURE, SIGNATURE_HEADER + " has no v1 signature");
        }
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
        List<byte[]> expected = secrets.stream()
                .map(s -> HmacAlgorithm.SHA256.mac(s, prefix, request.rawBody()))
                .toList();
        if (!MacKeys.anyEqual(expected, signatures)) {
            return Verification.fail(Reason.BAD_SIGNATURE, "no v1 signature matched any configured secret");
        }
        return Freshness.check(sentAt.getAsLong(), now, tolerance)
                .orElseGet(() -> Verification.ok("stripe v1 signature matched"));
    }
}
