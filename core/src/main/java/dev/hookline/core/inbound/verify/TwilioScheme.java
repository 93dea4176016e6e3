package dev.hookline.core.inbound.verify;

import dev.hookline.core.inbound.verify.Verification.Reason;
import dev.hookline.core.signing.SignatureLimits;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Twilio: {@code X-Twilio-Signature: base64(HMAC-SHA1(auth token, url + sorted form params as name+value))}.
 *
 * <p>For JSON (and other non-form) bodies Twilio instead appends {@code bodySHA256=<hex SHA-256 of body>} to the URL
 * and signs the URL alone; the signature then authenticates the hash, and the hash must match the body we got. Twilio
 * signs no timestamp, so replays are limited only by deduplication on {@code I-Twilio-Idempotency-Token}.
 */
public final class TwilioScheme implements VerificationScheme {

    public static final String SIGNATURE_HEADER = "X-Twilio-Signature";
    static final String BODY_HASH_PARAM = "bodySHA256";

    private final List<byte[]> authTokens;

    public TwilioScheme(List<String> authTokens) {
        this.authTokens = MacKeys.utf8(authTokens);
    }

    @Override
    public SchemeType type() {
        return SchemeType.TWILIO;
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
        Optional<byte[]> signature = SignatureEncoding.BASE64.decode(header.get());
        if (signature.isEmpty()) {
            return Verification.fail(Reason.BAD_SIGNATURE, SIGNATURE_HEADER + " is not base64");
        }
        Optional<String> bodyHash = queryParam(request.url(), BODY_HASH_PARAM);
        if (bodyHash.isEmpty() && request.rawBody().length > 0
                && !request.hasContentType(InboundRequest.FORM_CONTENT_TYPE)) {
            // Without bodySHA256 only form parameters are signed; any other body would ride along unauthenticated.
            return Verification.fail(Reason.BAD_SIGNATURE,
                    "non-form body without bodySHA256 is not covered by the signature");
        }
        // With bodySHA256 the body is not form-encoded, so no parameters are part of the signed string.
        String params = bodyHash.isPresent() ? "" : sortedParams(request.formParams());

        List<byte[]> expected = new ArrayList<>();
        for (String url : DefaultPorts.variants(request.url())) {
            byte[] content = (url + params).getBytes(StandardCharsets.UTF_8);
            for (byte[] token : authTokens) {
                expected.add(HmacAlgorithm.SHA1.mac(token, content));
            }
        }
        if (!MacKeys.anyEqual(expected, List.of(signature.get()))) {
            return Verification.fail(Reason.BAD_SIGNATURE, "no signature matched any configured auth token");
        }
        if (bodyHash.isPresent()) {
            Optional<byte[]> claimed = SignatureEncoding.HEX.decode(bodyHash.get());
            if (claimed.isEmpty() || !MessageDigest.isEqual(claimed.get(), sha256(request.rawBody()))) {
                return Verification.fail(Reason.BAD_SIGNATURE, "body does not match the signed bodySHA256");
            }
        }
        return Verification.ok("twilio signature matched");
    }

    /** Names sorted (Java string order, as Twilio's SDKs), repeated names contribute each value in sorted order. */
    static String sortedParams(Map<String, List<String>> params) {
        StringBuilder out = new StringBuilder();
        params.keySet().stream().sorted().forEach(name ->
                params.get(name).stream().sorted().forEach(value -> out.append(name).append(value)));
        return out.toString();
    }

    private static Optional<String> queryParam(String url, String name) {
        int q = url.indexOf('?');
        if (q < 0) {
            return Optional.empty();
        }
        int hash = url.indexOf('#', q);
        String query = hash < 0 ? url.substring(q + 1) : url.substring(q + 1, hash);
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                try {
                    return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    return Optional.of("");
                }
            }
        }
        return Optional.empty();
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
