package dev.hookline.core.inbound.verify;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where a scheme carries its signature, timestamp and message id, and how it writes the signature: the data the
 * signature doctor varies a request by and the signer writes headers from. One value per scheme, no behaviour.
 *
 * @param timestampHeader the header with the signed timestamp; {@code null} when the scheme signs none, or (Stripe)
 *                        when the timestamp sits inside the signature header
 * @param separator       between several signatures in one header
 */
public record SignatureLayout(SchemeType type, String signatureHeader, String prefix, SignatureEncoding encoding,
                              String timestampHeader, String idHeader, String separator) {

    static final String SVIX_PREFIX = "svix-";
    static final String WEBHOOK_PREFIX = "webhook-";

    /** The signature header of every scheme a request might have been signed with, lower-case. */
    static final Map<String, SchemeType> SIGNATURE_HEADERS = signatureHeaders();

    public static Optional<SignatureLayout> of(SchemeConfig config) {
        return Optional.ofNullable(switch (config) {
            case StandardWebhooksConfig c -> standardWebhooks();
            case StripeConfig c -> stripe();
            case GithubConfig c -> fromSpec(SchemeType.GITHUB, GithubScheme.SPEC, null);
            case ShopifyConfig c -> fromSpec(SchemeType.SHOPIFY, ShopifyScheme.SPEC, null);
            case SlackConfig c -> fromSpec(SchemeType.SLACK, SlackScheme.spec(null), null);
            case HmacConfig c -> c.validate().isEmpty() ? fromSpec(SchemeType.HMAC, c.spec(), c.idHeader()) : null;
            case TwilioConfig c -> new SignatureLayout(SchemeType.TWILIO, TwilioScheme.SIGNATURE_HEADER, "",
                    SignatureEncoding.BASE64, null, null, ",");
            default -> null; // bearer, jwt, none: no HMAC signature to vary
        });
    }

    static SignatureLayout standardWebhooks() {
        return new SignatureLayout(SchemeType.STANDARD_WEBHOOKS, "webhook-signature", "v1,", SignatureEncoding.BASE64,
                "webhook-timestamp", "webhook-id", " ");
    }

    static SignatureLayout stripe() {
        return new SignatureLayout(SchemeType.STRIPE, StripeScheme.SIGNATURE_HEADER, "v1=", SignatureEncoding.HEX,
                null, null, ",");
    }

    private static SignatureLayout fromSpec(SchemeType type, HmacSpec spec, String idHeader) {
        return new SignatureLayout(type, spec.signatureHeader(), spec.prefix(), spec.encoding(), spec.timestampHeader(),
                idHeader, ",");
    }

    /** The signed timestamp as the request carries it, from wherever this scheme puts it. */
    Optional<String> timestamp(InboundRequest request) {
        if (type == SchemeType.STRIPE) {
            return request.header(signatureHeader).flatMap(h -> element(h, "t"));
        }
        if (type == SchemeType.STANDARD_WEBHOOKS && request.header(timestampHeader).isEmpty()) {
            return request.header(SVIX_PREFIX + "timestamp");
        }
        return timestampHeader == null ? Optional.empty() : request.header(timestampHeader);
    }

    /** The signatures in the header, without prefix or version; empty when the header is absent. */
    java.util.List<String> signatures(InboundRequest request) {
        String header = request.header(signatureHeader).orElse(
                type == SchemeType.STANDARD_WEBHOOKS ? request.header(SVIX_PREFIX + "signature").orElse("") : "");
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String entry : header.split(separator.equals(" ") ? "\\s+" : separator)) {
            String e = entry.strip();
            if (!e.isEmpty() && e.regionMatches(true, 0, prefix, 0, prefix.length())) {
                out.add(e.substring(prefix.length()));
            }
        }
        return out;
    }

    /** {@code key=value} out of a comma-separated header (Stripe's layout). */
    static Optional<String> element(String header, String key) {
        for (String element : header.split(",")) {
            int eq = element.indexOf('=');
            if (eq > 0 && element.substring(0, eq).strip().equals(key)) {
                return Optional.of(element.substring(eq + 1).strip());
            }
        }
        return Optional.empty();
    }

    private static Map<String, SchemeType> signatureHeaders() {
        Map<String, SchemeType> out = new LinkedHashMap<>();
        out.put("webhook-signature", SchemeType.STANDARD_WEBHOOKS);
        out.put("svix-signature", SchemeType.STANDARD_WEBHOOKS);
        out.put(StripeScheme.SIGNATURE_HEADER.toLowerCase(Locale.ROOT), SchemeType.STRIPE);
        out.put(GithubScheme.SIGNATURE_HEADER.toLowerCase(Locale.ROOT), SchemeType.GITHUB);
        out.put("x-hub-signature", SchemeType.GITHUB);
        out.put(ShopifyScheme.SIGNATURE_HEADER.toLowerCase(Locale.ROOT), SchemeType.SHOPIFY);
        out.put(SlackScheme.SIGNATURE_HEADER.toLowerCase(Locale.ROOT), SchemeType.SLACK);
        out.put(TwilioScheme.SIGNATURE_HEADER.toLowerCase(Locale.ROOT), SchemeType.TWILIO);
        return Map.copyOf(out);
    }
}
