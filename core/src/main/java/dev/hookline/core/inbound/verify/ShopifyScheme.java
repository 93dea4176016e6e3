package dev.hookline.core.inbound.verify;

import java.time.Instant;
import java.util.List;

/**
 * Shopify: {@code X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256(secret, body)>}, no timestamp; replays are caught by
 * deduplicating on {@code X-Shopify-Webhook-Id}.
 */
public final class ShopifyScheme implements VerificationScheme {

    public static final String SIGNATURE_HEADER = "X-Shopify-Hmac-Sha256";
    public static final String WEBHOOK_ID_HEADER = "X-Shopify-Webhook-Id";

    /** What Shopify signs and how it writes it; shared with the signer and the signature doctor. */
    static final HmacSpec SPEC = HmacSpec.overBody(HmacAlgorithm.SHA256, SIGNATURE_HEADER, "", SignatureEncoding.BASE64);

    private final HmacScheme hmac;

    public ShopifyScheme(List<String> secrets) {
        this.hmac = new HmacScheme(SchemeType.SHOPIFY, SPEC, MacKeys.utf8(secrets));
    }

    @Override
    public SchemeType type() {
        return SchemeType.SHOPIFY;
    }

    @Override
    public Verification verify(InboundRequest request, Instant now) {
        return hmac.verify(request, now);
    }
}
