package dev.hookline.core.inbound.verify;

import java.time.Duration;
import java.util.Objects;

/**
 * The typed shape of an HMAC-over-request scheme: which header carries the MAC, how it is written, what is signed,
 * and where the timestamp and id come from. Vendor schemes (GitHub, Shopify, Slack) are fixed instances; the generic
 * {@code hmac} scheme builds one from {@link HmacConfig}.
 *
 * @param prefix          text before each signature, e.g. {@code sha256=}; empty for none
 * @param timestampHeader header with whole Unix seconds, or {@code null} when the sender signs no timestamp
 * @param idHeader        header supplying {@code {id}}, or {@code null}
 */
public record HmacSpec(HmacAlgorithm algorithm, String signatureHeader, String prefix, SignatureEncoding encoding,
                       SignedTemplate template, String timestampHeader, String idHeader, Duration tolerance) {

    public HmacSpec {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(signatureHeader, "signatureHeader");
        prefix = prefix == null ? "" : prefix;
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(template, "template");
        tolerance = tolerance == null ? Freshness.DEFAULT_TOLERANCE : tolerance;
        if (!template.uses(SignedTemplate.Placeholder.BODY)) {
            throw new IllegalArgumentException("template must sign the {body}");
        }
        if (template.uses(SignedTemplate.Placeholder.TIMESTAMP) && timestampHeader == null) {
            throw new IllegalArgumentException("{timestamp} needs a timestamp header");
        }
        if (template.uses(SignedTemplate.Placeholder.ID) && idHeader == null) {
            throw new IllegalArgumentException("{id} needs an id header");
        }
        if (tolerance.isNegative()) {
            throw new IllegalArgumentException("tolerance must not be negative");
        }
    }

    /** Body-only signature without timestamp, the GitHub/Shopify shape. */
    public static HmacSpec overBody(HmacAlgorithm algorithm, String header, String prefix, SignatureEncoding encoding) {
        return new HmacSpec(algorithm, header, prefix, encoding, SignedTemplate.BODY, null, null, null);
    }
}
