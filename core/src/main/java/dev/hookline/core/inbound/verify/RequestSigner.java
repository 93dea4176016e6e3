package dev.hookline.core.inbound.verify;

import dev.hookline.core.signing.SigningSecret;
import dev.hookline.core.signing.WebhookSigner;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signs a body the way a sender of a scheme does, with the scheme's first secret: the headers to send. For testing a
 * source end to end ({@code hookline sign}, {@code hookline send}); the MACs come from the same primitives the
 * verifying schemes use, with the layout they read.
 */
public final class RequestSigner {

    private RequestSigner() {
    }

    /**
     * @param id        the message id for schemes that carry one (Standard Webhooks, GitHub's and Shopify's delivery ids)
     * @param timestamp Unix seconds, for schemes that sign a timestamp
     * @param url       the URL the request goes to (generic templates may sign it)
     * @throws IllegalArgumentException when the scheme has no secret to sign with here (bearer, jwt, twilio, none,
     *                                  or Standard Webhooks with public keys only)
     */
    public static Map<String, String> sign(SchemeConfig config, byte[] body, String id, long timestamp, String url) {
        if (!config.validate().isEmpty()) {
            throw new IllegalArgumentException("the " + config.type().id() + " settings are not valid: "
                    + config.validate().getFirst().field() + " " + config.validate().getFirst().message());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        switch (config) {
            case StandardWebhooksConfig c -> {
                if (c.secrets().isEmpty()) {
                    throw new IllegalArgumentException("signing v1a needs the private key; give a whsec_ secret");
                }
                headers.putAll(WebhookSigner.of(SigningSecret.parse(c.secrets().getFirst()))
                        .sign(id, Instant.ofEpochSecond(timestamp), body).asMap());
            }
            case VendorConfig c -> {
                if (!c.preset().usesSecrets() || c.spec().bodyHashParam() != null
                        || c.spec().timestamp().source() == TimestampRule.Source.JSON_BODY) {
                    throw new IllegalArgumentException("signing is not offered for " + c.scheme() + ": "
                            + notOffered(c.spec()));
                }
                sign(headers, c.spec(), c.secrets().getFirst(), body, id, timestamp, url);
                c.type().eventId().headers().stream().findFirst().ifPresent(name -> headers.put(name, id));
            }
            case HmacConfig c -> sign(headers, c.spec(), c.secrets().getFirst(), body, id, timestamp, url);
            default -> throw new IllegalArgumentException("signing is not offered for " + config.type().id()
                    + "; it signs with standard-webhooks, hmac and the HMAC vendor presets");
        }
        return headers;
    }

    private static String notOffered(SignatureSpec spec) {
        if (!spec.algorithm().symmetric()) {
            return "the vendor signs with its private key, which Hookline never holds";
        }
        if (spec.bodyHashParam() != null) {
            return "the vendor signs the URL with its own query parameters";
        }
        return "the vendor signs a time inside the body; send a body the vendor signed";
    }

    /** Headers as the spec's sender writes them: the timestamp (its own header or a keyed pair) and the signature. */
    private static void sign(Map<String, String> headers, SignatureSpec spec, String secret, byte[] body, String id,
                             long timestamp, String url) {
        SignatureLayout layout = spec.layout();
        TimestampRule.Source source = spec.timestamp().source();
        String time = source == TimestampRule.Source.NONE ? null : Long.toString(timestamp);
        if (source == TimestampRule.Source.HEADER) {
            headers.put(spec.timestamp().name(), time);
        }
        if (spec.idHeader() != null) {
            headers.put(spec.idHeader(), id);
        }
        byte[][] content = spec.template().render(new SignedTemplate.Values(body, time, spec.idHeader() == null
                ? null : id, url));
        String signature = spec.encoding().encode(spec.algorithm().mac(utf8(secret), content));
        headers.put(layout.header(), layout.keyed()
                ? layout.timestampKey() + "=" + time + layout.separator() + layout.signatureKey() + "=" + signature
                : layout.prefix() + signature);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
