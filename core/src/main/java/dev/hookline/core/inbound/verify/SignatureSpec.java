package dev.hookline.core.inbound.verify;

import dev.hookline.core.inbound.verify.SignedTemplate.Placeholder;
import java.time.Duration;
import java.util.Objects;

/**
 * A signed-request convention as data: which header carries the signature and how it is written, what content is
 * signed and with what algorithm, where the signed time comes from. Every vendor preset and the generic {@code hmac}
 * scheme are instances; {@link SignatureScheme} is the one verifier for them all.
 *
 * @param idHeader        header supplying {@code {id}}, or {@code null}
 * @param bodyHashParam   Twilio's rule for non-form bodies: a URL query parameter carrying the hex SHA-256 of the
 *                        body, so that signing the URL authenticates the body; {@code null} for senders that sign the
 *                        body itself
 * @param urlPortVariants also try the URL with/without its scheme's default port (the sender may sign either)
 */
public record SignatureSpec(SignatureAlgorithm algorithm, SignatureLayout layout, SignatureEncoding encoding,
                            SignedTemplate template, TimestampRule timestamp, String idHeader, Duration tolerance,
                            String bodyHashParam, boolean urlPortVariants) {

    public SignatureSpec {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(template, "template");
        timestamp = timestamp == null ? TimestampRule.NONE : timestamp;
        tolerance = tolerance == null ? Freshness.DEFAULT_TOLERANCE : tolerance;
        boolean bodySigned = template.uses(Placeholder.BODY)
                || template.uses(Placeholder.FORM) && bodyHashParam != null;
        if (!bodySigned) {
            throw new IllegalArgumentException("the signed content must cover the body");
        }
        boolean timestampInContent = template.uses(Placeholder.TIMESTAMP);
        if (timestampInContent && timestamp.source() != TimestampRule.Source.HEADER
                && timestamp.source() != TimestampRule.Source.SIGNATURE_HEADER) {
            throw new IllegalArgumentException("{timestamp} needs a timestamp header or keyed signature header");
        }
        if (timestamp.source() == TimestampRule.Source.HEADER && !timestampInContent
                || timestamp.source() == TimestampRule.Source.SIGNATURE_HEADER && !timestampInContent) {
            // A timestamp that is not signed can be changed by anyone, so checking its freshness would prove nothing.
            throw new IllegalArgumentException("a timestamp from a header must be part of the signed content");
        }
        if (timestamp.source() == TimestampRule.Source.JSON_BODY && !template.uses(Placeholder.BODY)) {
            throw new IllegalArgumentException("a timestamp in the body needs the body signed");
        }
        if (timestamp.source() == TimestampRule.Source.SIGNATURE_HEADER && !layout.keyed()) {
            throw new IllegalArgumentException("only a keyed signature header carries a timestamp");
        }
        if (template.uses(Placeholder.ID) != (idHeader != null)) {
            throw new IllegalArgumentException("{id} and an id header go together");
        }
        if (tolerance.isNegative()) {
            throw new IllegalArgumentException("tolerance must not be negative");
        }
    }

    public SignatureSpec withTolerance(Duration newTolerance) {
        return new SignatureSpec(algorithm, layout, encoding, template, timestamp, idHeader, newTolerance,
                bodyHashParam, urlPortVariants);
    }
}
