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
            case StripeConfig c -> {
                byte[] mac = HmacAlgorithm.SHA256.mac(utf8(c.secrets().getFirst()), utf8(timestamp + "."), body);
                headers.put(StripeScheme.SIGNATURE_HEADER, "t=" + timestamp + ",v1=" + SignatureEncoding.HEX.encode(mac));
            }
            case GithubConfig c -> {
                hmac(headers, GithubScheme.SPEC, c.secrets().getFirst(), body, id, timestamp, url);
                headers.put(GithubScheme.DELIVERY_HEADER, id);
            }
            case ShopifyConfig c -> {
                hmac(headers, ShopifyScheme.SPEC, c.secrets().getFirst(), body, id, timestamp, url);
                headers.put(ShopifyScheme.WEBHOOK_ID_HEADER, id);
            }
            case SlackConfig c -> hmac(headers, SlackScheme.spec(null), c.secrets().getFirst(), body, id, timestamp, url);
            case HmacConfig c -> hmac(headers, c.spec(), c.secrets().getFirst(), body, id, timestamp, url);
            default -> throw new IllegalArgumentException("signing is not offered for " + config.type().id()
                    + "; it signs with standard-webhooks, stripe, github, shopify, slack and hmac");
        }
        return headers;
    }

    private static void hmac(Map<String, String> headers, HmacSpec spec, String secret, byte[] body, String id,
                             long timestamp, String url) {
        if (spec.timestampHeader() != null) {
            headers.put(spec.timestampHeader(), Long.toString(timestamp));
        }
        if (spec.idHeader() != null) {
            headers.put(spec.idHeader(), id);
        }
        byte[][] content = spec.template().render(new SignedTemplate.Values(body,
                spec.timestampHeader() == null ? null : Long.toString(timestamp), spec.idHeader() == null ? null : id, url));
        headers.put(spec.signatureHeader(), spec.prefix() + spec.encoding().encode(spec.algorithm().mac(utf8(secret), content)));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
