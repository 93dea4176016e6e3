package dev.hookline.core.inbound.verify;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.annotation.JsonTypeIdResolver;
import dev.hookline.core.problem.Problem.FieldError;
import java.util.List;

/**
 * A source's verification settings as stored and as accepted by the API. The JSON form names the scheme in
 * {@code "scheme"}, e.g. {@code {"scheme":"github","secrets":["…"]}}: a vendor preset's id ({@link VendorConfig}) or
 * one of the generic schemes.
 *
 * <p>Secrets appear here in plaintext because this is the decrypted, in-memory form; storage seals them. Every record
 * redacts them from {@code toString}. Build a scheme with {@link SchemeFactory}, which validates first.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CUSTOM, include = JsonTypeInfo.As.PROPERTY, property = "scheme", visible = true)
@JsonTypeIdResolver(SchemeConfigTypes.class)
public sealed interface SchemeConfig
        permits StandardWebhooksConfig, VendorConfig, HmacConfig, BearerConfig, JwtConfig, NoneConfig {

    SchemeType type();

    /** Empty when the configuration can be built; otherwise errors for a 422 answer (never echoing secrets). */
    List<FieldError> validate();
}
