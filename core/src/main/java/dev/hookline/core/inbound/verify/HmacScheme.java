package dev.hookline.core.inbound.verify;

import dev.hookline.core.inbound.verify.Verification.Reason;
import dev.hookline.core.signing.SignatureLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Generic "HMAC of a template over the request, in a header" verification; GitHub, Shopify and Slack are instances.
 *
 * <p>The header may carry several comma-separated signatures (PagerDuty sends one per active secret during rotation);
 * any one matching any configured secret is enough. The signature is checked before the timestamp window so that a
 * stale or future result always describes an authentic message (useful for diagnosing sender clock skew) and never
 * tells a forger anything.
 */
public final class HmacScheme implements VerificationScheme {

    private final SchemeType type;
    private final HmacSpec spec;
    private final List<byte[]> secrets;

    public HmacScheme(SchemeType type, HmacSpec spec, List<byte[]> secrets) {
        this.type = Objects.requireNonNull(type, "type");
        this.spec = Objects.requireNonNull(spec, "spec");
        if (secrets.isEmpty() || secrets.stream().anyMatch(s -> s.length == 0)) {
            throw new IllegalArgumentException("at least one non-empty secret is required");
        }
        this.secrets = secrets.stream().map(byte[]::clone).toList();
    }

    /** The generic {@code hmac} scheme with secrets used as UTF-8 bytes. */
    public static HmacScheme generic(HmacSpec spec, List<String> secrets) {
        return new HmacScheme(SchemeType.HMAC, spec, MacKeys.utf8(secrets));
    }

    @Override
    public SchemeType type() {
        return type;
    }

    @Override
    public Verification verify(InboundRequest request, Instant now) {
        Optional<String> header = request.header(spec.signatureHeader());
        Optional<String> timestamp = spec.timestampHeader() == null
                ? Optional.empty() : request.header(spec.timestampHeader());
        Optional<String> id = spec.idHeader() == null ? Optional.empty() : request.header(spec.idHeader());
        List<String> missing = new ArrayList<>();
        if (header.isEmpty()) {
            missing.add(spec.signatureHeader());
        }
        if (spec.timestampHeader() != null && timestamp.isEmpty()) {
            missing.add(spec.timestampHeader());
        }
        if (spec.idHeader() != null && id.isEmpty()) {
            missing.add(spec.idHeader());
        }
        if (!missing.isEmpty()) {
            return Verification.fail(Reason.MISSING_HEADER, "missing header(s): " + String.join(", ", missing));
        }
        if (SignatureLimits.tooLarge(header.get())) {
            return Verification.fail(Reason.BAD_SIGNATURE, SignatureLimits.tooLargeDetail(spec.signatureHeader()));
        }
        OptionalLong sentAt = OptionalLong.empty();
        if (timestamp.isPresent()) {
            sentAt = Freshness.parseSeconds(timestamp.get());
            if (sentAt.isEmpty()) {
                return Freshness.badTimestamp(spec.timestampHeader());
            }
        }

        byte[][] content = spec.template().render(new SignedTemplate.Values(
                request.rawBody(), timestamp.orElse(null), id.orElse(null), request.url()));
        List<byte[]> expected = secrets.stream().map(s -> spec.algorithm().mac(s, content)).toList();
        if (!MacKeys.anyEqual(expected, received(header.get()))) {
            return Verification.fail(Reason.BAD_SIGNATURE,
                    "no " + spec.signatureHeader() + " signature matched any configured secret");
        }
        if (sentAt.isPresent()) {
            Optional<Verification> stale = Freshness.check(sentAt.getAsLong(), now, spec.tolerance());
            if (stale.isPresent()) {
                return stale.get();
            }
        }
        return Verification.ok(type.id() + " signature matched");
    }

    /**
     * The well-formed signatures in the header, as many as our secrets could match (SignatureLimits); entries without
     * the prefix or with bad encoding are skipped.
     */
    private List<byte[]> received(String header) {
        List<byte[]> out = new ArrayList<>();
        int candidates = SignatureLimits.candidatesFor(secrets.size());
        for (String entry : header.split(",")) {
            if (out.size() >= candidates) {
                break;
            }
            String e = entry.strip();
            if (!e.regionMatches(true, 0, spec.prefix(), 0, spec.prefix().length())) {
                continue;
            }
            spec.encoding().decode(e.substring(spec.prefix().length())).ifPresent(out::add);
        }
        return out;
    }
}
