package dev.hookline.core.inbound.verify;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.hookline.core.problem.Problem.FieldError;
import java.util.List;

/**
 * A source's verification settings as stored and as accepted by the API, one small record per scheme. The JSON form
 * names the scheme in {@code "scheme"}, e.g. {@code {"scheme":"github","secrets":["…"]}}.
 *
 * <p>Secrets appear here in plaintext because this is the decrypted, in-memory form; storage seals them. Every record
 * redacts them from {@code toString}. Build a scheme with {@link SchemeFactory}, which validates first.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "scheme")
@JsonSubTypes({
        @JsonSubTypes.Type(value = StandardWebhooksConfig.class, name = "standard-webhooks"),
        @JsonSubTypes.Type(value = StripeConfig.class, name = "stripe"),
        @JsonSubTypes.Type(value = GithubConfig.class, name = "github"),
        @JsonSubTypes.Type(value = ShopifyConfig.class, name = "shopify"),
        @JsonSubTypes.Type(value = SlackConfig.class, name = "slack"),
        @JsonSubTypes.Type(value = TwilioConfig.class, name = "twilio"),
        @JsonSubTypes.Type(value = HmacConfig.class, name = "hmac"),
        @JsonSubTypes.Type(value = BearerConfig.class, name = "bearer"),
        @JsonSubTypes.Type(value = JwtConfig.class, name = "jwt"),
        @JsonSubTypes.Type(value = NoneConfig.class, name = "none")
})
public sealed interface SchemeConfig
        permits StandardWebhooksConfig, StripeConfig, GithubConfig, ShopifyConfig, SlackConfig, TwilioConfig,
        HmacConfig, BearerConfig, JwtConfig, NoneConfig {

    SchemeType type();

    /** Empty when the configuration can be built; otherwise errors for a 422 answer (never echoing secrets). */
    List<FieldError> validate();
}
