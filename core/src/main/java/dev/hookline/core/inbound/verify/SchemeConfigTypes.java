package dev.hookline.core.inbound.verify;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DatabindContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.jsontype.impl.TypeIdResolverBase;
import java.util.Map;

/**
 * Maps {@code "scheme"} to its configuration record. Every vendor preset id maps to {@link VendorConfig}, which keeps
 * the id (the property stays visible), so a new preset needs no annotation here.
 */
final class SchemeConfigTypes extends TypeIdResolverBase {

    private static final Map<String, Class<? extends SchemeConfig>> GENERIC = Map.of(
            SchemeType.STANDARD_WEBHOOKS.id(), StandardWebhooksConfig.class,
            SchemeType.HMAC.id(), HmacConfig.class,
            SchemeType.BEARER.id(), BearerConfig.class,
            SchemeType.JWT.id(), JwtConfig.class,
            SchemeType.NONE.id(), NoneConfig.class);

    @Override
    public String idFromValue(Object value) {
        return ((SchemeConfig) value).type().id();
    }

    @Override
    public String idFromValueAndType(Object value, Class<?> suggestedType) {
        return idFromValue(value);
    }

    @Override
    public JavaType typeFromId(DatabindContext context, String id) {
        Class<? extends SchemeConfig> type = GENERIC.get(id);
        if (type == null && VendorPresets.find(id).isPresent()) {
            type = VendorConfig.class;
        }
        // Null makes Jackson report an InvalidTypeIdException, which the API turns into a 422 naming the schemes.
        return type == null ? null : context.constructType(type);
    }

    @Override
    public String getDescForKnownTypeIds() {
        return String.join(", ", SchemeType.ids());
    }

    @Override
    public JsonTypeInfo.Id getMechanism() {
        return JsonTypeInfo.Id.CUSTOM;
    }
}
