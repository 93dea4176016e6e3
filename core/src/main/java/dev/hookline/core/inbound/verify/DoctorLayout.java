package dev.hookline.core.inbound.verify;

import dev.hookline.core.inbound.verify.SignedTemplate.Placeholder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a scheme carries its signature, timestamp and message id, and how it writes the signature: what the signature
 * doctor varies a request by and the signer writes headers from. Derived from the same {@link SignatureSpec} the
 * verifier uses (Standard Webhooks has its own fixed layout), so the doctor cannot drift from the verifier.
 *
 * @param timestampHeader the header with the signed timestamp; {@code null} when the scheme signs none or carries it
 *                        inside the signature header ({@code timestampKey})
 * @param timestampKey    keyed layouts (Stripe {@code t}, Paddle {@code ts}): the key of the timestamp
 * @param signatureKey    keyed layouts (Stripe {@code v1}, Paddle {@code h1}): the key of each signature
 * @param idHeader        the header whose id is part of the signed content, or {@code null}
 * @param separator       between several signatures (and keyed pairs) in one header
 * @param bodySigned      false for senders that sign the URL and form parameters (Twilio), so body variants are moot
 */
record DoctorLayout(SchemeType type, String signatureHeader, String prefix, SignatureEncoding encoding,
                    String timestampHeader, String timestampKey, String signatureKey, String idHeader,
                    String separator, boolean bodySigned) {

    static final String SVIX_PREFIX = "svix-";
    static final String WEBHOOK_PREFIX = "webhook-";

    /** The signature header of every scheme a request might have been signed with, lower-case. */
    static final Map<String, SchemeType> SIGNATURE_HEADERS = signatureHeaders();

    static Optional<DoctorLayout> of(SchemeConfig config) {
        return Optional.ofNullable(switch (config) {
            case StandardWebhooksConfig c -> STANDARD_WEBHOOKS;
            case VendorConfig c -> fromSpec(c.type(), c.preset().spec());
            case HmacConfig c -> c.validate().isEmpty() ? fromSpec(SchemeType.HMAC, c.spec()) : null;
            default -> null; // bearer, jwt, none: no signature to vary
        });
    }

    /** Standard Webhooks' headers (svix-* are read in their place when webhook-* are absent). */
    static final DoctorLayout STANDARD_WEBHOOKS = new DoctorLayout(SchemeType.STANDARD_WEBHOOKS, "webhook-signature",
            "v1,", SignatureEncoding.BASE64, "webhook-timestamp", null, null, "webhook-id", " ", true);

    static DoctorLayout fromSpec(SchemeType type, SignatureSpec spec) {
        SignatureLayout layout = spec.layout();
        String timestampHeader = spec.timestamp().source() == TimestampRule.Source.HEADER ? spec.timestamp().name()
                : null;
        String prefix = layout.keyed() ? layout.signatureKey() + "=" : layout.prefix();
        return new DoctorLayout(type, layout.header(), prefix, spec.encoding(), timestampHeader,
                layout.keyed() ? layout.timestampKey() : null, layout.keyed() ? layout.signatureKey() : null,
                spec.idHeader(), String.valueOf(layout.separator()), spec.template().uses(Placeholder.BODY));
    }

    boolean keyed() {
        return signatureKey != null;
    }

    boolean standardWebhooks() {
        return type.equals(SchemeType.STANDARD_WEBHOOKS);
    }

    /** How a failure names the timestamp: its header, or its key inside the signature header. */
    String timestampName() {
        return keyed() ? "The " + timestampKey + "= timestamp in " + signatureHeader : "The " + timestampHeader
                + " header";
    }

    /** The signed timestamp as the request carries it, from wherever this scheme puts it. */
    Optional<String> timestamp(InboundRequest request) {
        if (keyed()) {
            return request.header(signatureHeader).flatMap(h -> element(h, timestampKey));
        }
        if (standardWebhooks() && request.header(timestampHeader).isEmpty()) {
            return request.header(SVIX_PREFIX + "timestamp");
        }
        return timestampHeader == null ? Optional.empty() : request.header(timestampHeader);
    }

    /** The signatures in the header, without prefix or key; empty when the header is absent. */
    List<String> signatures(InboundRequest request) {
        String header = request.header(signatureHeader).orElse(
                standardWebhooks() ? request.header(SVIX_PREFIX + "signature").orElse("") : "");
        List<String> out = new ArrayList<>();
        for (String entry : header.split(separator.equals(" ") ? "\\s+" : Pattern.quote(separator))) {
            String e = entry.strip();
            if (!e.isEmpty() && e.regionMatches(true, 0, prefix, 0, prefix.length())) {
                out.add(e.substring(prefix.length()).strip());
            }
        }
        return out;
    }

    /** The signature header with its timestamp pair rewritten (keyed layouts only). */
    String withTimestamp(String header, String text) {
        StringBuilder out = new StringBuilder();
        for (String element : header.split(Pattern.quote(separator))) {
            if (!out.isEmpty()) {
                out.append(separator);
            }
            String e = element.strip();
            out.append(e.startsWith(timestampKey + "=") ? timestampKey + "=" + text : e);
        }
        return out.toString();
    }

    /** {@code key=value} out of a keyed header. */
    private Optional<String> element(String header, String key) {
        for (String element : header.split(Pattern.quote(separator))) {
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
        VendorPresets.all().forEach(p ->
                out.putIfAbsent(p.spec().layout().header().toLowerCase(Locale.ROOT), p.type()));
        return Map.copyOf(out);
    }
}
