package dev.hookline.core.inbound.verify;

import dev.hookline.core.inbound.verify.SignedTemplate.Placeholder;
import dev.hookline.core.inbound.verify.Verification.Reason;
import dev.hookline.core.signing.SignatureLimits;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The one verifier of signed requests: a {@link SignatureSpec} (a vendor preset's or the generic {@code hmac}
 * scheme's) applied with the source's secrets or public keys.
 *
 * <p>Order of checks: headers present, header within {@link SignatureLimits}, timestamp well-formed, signature, then
 * freshness. The signature is checked before the window so that a stale or future result always describes an
 * authentic message (useful for diagnosing sender clock skew) and never tells a forger anything. Of the signatures in
 * the header only as many are evaluated as our keys could match; each comparison is constant-time.
 */
public final class SignatureScheme implements VerificationScheme {

    private final SchemeType type;
    private final SignatureSpec spec;
    private final List<byte[]> secrets;
    private final List<PublicKey> publicKeys;

    private SignatureScheme(SchemeType type, SignatureSpec spec, List<byte[]> secrets, List<PublicKey> publicKeys) {
        this.type = Objects.requireNonNull(type, "type");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.secrets = secrets;
        this.publicKeys = publicKeys;
    }

    /** HMAC senders: the secrets as raw key bytes (callers decide the encoding; vendors use UTF-8 verbatim). */
    public static SignatureScheme withSecrets(SchemeType type, SignatureSpec spec, List<byte[]> secrets) {
        if (!spec.algorithm().symmetric()) {
            throw new IllegalArgumentException(spec.algorithm() + " verifies with public keys");
        }
        if (secrets.isEmpty() || secrets.stream().anyMatch(s -> s.length == 0)) {
            throw new IllegalArgumentException("at least one non-empty secret is required");
        }
        return new SignatureScheme(type, spec, secrets.stream().map(byte[]::clone).toList(), List.of());
    }

    public static SignatureScheme withPublicKeys(SchemeType type, SignatureSpec spec, List<PublicKey> keys) {
        if (spec.algorithm().symmetric()) {
            throw new IllegalArgumentException(spec.algorithm() + " verifies with secrets");
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one public key is required");
        }
        return new SignatureScheme(type, spec, List.of(), List.copyOf(keys));
    }

    @Override
    public SchemeType type() {
        return type;
    }

    public SignatureSpec spec() {
        return spec;
    }

    @Override
    public Verification verify(InboundRequest request, Instant now) {
        SignatureLayout layout = spec.layout();
        TimestampRule rule = spec.timestamp();
        Optional<String> header = request.header(layout.header());
        Optional<String> id = spec.idHeader() == null ? Optional.empty() : request.header(spec.idHeader());
        List<String> missing = new ArrayList<>();
        if (header.isEmpty()) {
            missing.add(layout.header());
        }
        if (rule.source() == TimestampRule.Source.HEADER && request.header(rule.name()).isEmpty()) {
            missing.add(rule.name());
        }
        if (spec.idHeader() != null && id.isEmpty()) {
            missing.add(spec.idHeader());
        }
        if (!missing.isEmpty()) {
            return Verification.fail(Reason.MISSING_HEADER, "missing header(s): " + String.join(", ", missing));
        }
        if (SignatureLimits.tooLarge(header.get())) {
            return Verification.fail(Reason.BAD_SIGNATURE, SignatureLimits.tooLargeDetail(layout.header()));
        }
        int keys = spec.algorithm().symmetric() ? secrets.size() : publicKeys.size();
        SignatureLayout.Received received = layout.parse(header.get(), spec.encoding(),
                SignatureLimits.candidatesFor(keys));

        Optional<String> timestamp = rule.text(request, received);
        OptionalLong sentAt = OptionalLong.empty();
        if (rule.signed()) {
            sentAt = timestamp.isEmpty() ? OptionalLong.empty() : rule.epochSeconds(timestamp.get());
            if (sentAt.isEmpty()) {
                return Verification.fail(Reason.BAD_TIMESTAMP,
                        rule.describe(layout) + " is missing or not whole Unix " + (rule.millis() ? "milliseconds"
                                : "seconds"));
            }
        }
        if (received.signatures().isEmpty()) {
            return Verification.fail(Reason.BAD_SIGNATURE, layout.header() + " has no well-formed signature");
        }

        Optional<String> bodyHash = spec.bodyHashParam() == null
                ? Optional.empty() : queryParam(request.url(), spec.bodyHashParam());
        if (spec.bodyHashParam() != null && bodyHash.isEmpty() && request.rawBody().length > 0
                && !request.hasContentType(InboundRequest.FORM_CONTENT_TYPE)) {
            // Without the hash only form parameters are signed; any other body would ride along unauthenticated.
            return Verification.fail(Reason.BAD_SIGNATURE,
                    "non-form body without " + spec.bodyHashParam() + " is not covered by the signature");
        }
        // With the body hash the body is not form-encoded, so no parameters are part of the signed content.
        String form = !spec.template().uses(Placeholder.FORM) || bodyHash.isPresent()
                ? "" : sortedParams(request.formParams());
        if (!anyMatches(contents(request, timestamp.orElse(null), id.orElse(null), form), received.signatures())) {
            return Verification.fail(Reason.BAD_SIGNATURE,
                    "no " + layout.header() + " signature matched any configured "
                            + (spec.algorithm().symmetric() ? "secret" : "public key"));
        }
        if (bodyHash.isPresent()) {
            Optional<byte[]> claimed = SignatureEncoding.HEX.decode(bodyHash.get());
            if (claimed.isEmpty() || !MessageDigest.isEqual(claimed.get(), sha256(request.rawBody()))) {
                return Verification.fail(Reason.BAD_SIGNATURE,
                        "body does not match the signed " + spec.bodyHashParam());
            }
        }
        if (sentAt.isPresent()) {
            Optional<Verification> stale = Freshness.check(sentAt.getAsLong(), now, spec.tolerance());
            if (stale.isPresent()) {
                return stale.get();
            }
        }
        return Verification.ok(type.id() + " signature matched");
    }

    /** The signed content for each spelling of the URL the sender may have signed (usually one). */
    private List<byte[][]> contents(InboundRequest request, String timestamp, String id, String form) {
        Set<String> urls = spec.urlPortVariants() ? DefaultPorts.variants(request.url()) : Set.of(request.url());
        List<byte[][]> out = new ArrayList<>();
        for (String url : urls) {
            out.add(spec.template().render(new SignedTemplate.Values(request.rawBody(), timestamp, id, url, form)));
        }
        return out;
    }

    private boolean anyMatches(List<byte[][]> contents, List<byte[]> signatures) {
        if (spec.algorithm().symmetric()) {
            List<byte[]> expected = new ArrayList<>();
            for (byte[][] content : contents) {
                for (byte[] secret : secrets) {
                    expected.add(spec.algorithm().mac(secret, content));
                }
            }
            return MacKeys.anyEqual(expected, signatures);
        }
        for (byte[][] content : contents) {
            for (byte[] signature : signatures) {
                for (PublicKey key : publicKeys) {
                    if (spec.algorithm().verify(key, content, signature)) {
                        return true;
                    }
                }
            }
        }
        return false;
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
