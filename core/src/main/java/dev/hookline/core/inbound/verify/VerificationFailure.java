package dev.hookline.core.inbound.verify;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * What ingest keeps about a call that failed verification, for {@code GET /v1/sources/{id}/verification-failures}:
 * the reason, which headers came (names only), the body's length and SHA-256, and how far the signed timestamp was
 * from Hookline's clock. Never a header value, a secret or the body: enough to compare with what the sender logged.
 *
 * @param timestampSkewSeconds the signed timestamp minus the time it arrived (negative: in the past); null when the
 *                             scheme signs none or it was not whole seconds
 */
public record VerificationFailure(Instant at, String scheme, String reason, String detail, List<String> headerNames,
                                  int bodyLength, String bodySha256, Long timestampSkewSeconds) {
    static final int MAX_HEADER_NAMES = 50;
    static final int MAX_NAME = 100;
    static final int MAX_DETAIL = 300;

    public VerificationFailure {
        headerNames = List.copyOf(headerNames);
    }

    public static VerificationFailure of(SchemeConfig config, InboundRequest request, Verification result, Instant at) {
        List<String> names = request.headers().keySet().stream().sorted()
                .map(n -> n.length() > MAX_NAME ? n.substring(0, MAX_NAME) : n).limit(MAX_HEADER_NAMES).toList();
        Long skew = DoctorLayout.of(config).flatMap(l -> l.timestamp(request))
                .filter(t -> t.length() <= 12 && t.chars().allMatch(Character::isDigit))
                .map(t -> Long.parseLong(t) - at.getEpochSecond()).orElse(null);
        String detail = result.detail().length() > MAX_DETAIL ? result.detail().substring(0, MAX_DETAIL) : result.detail();
        return new VerificationFailure(at, config.type().id(), result.code(), detail, names, request.rawBody().length,
                sha256(request.rawBody()), skew);
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
