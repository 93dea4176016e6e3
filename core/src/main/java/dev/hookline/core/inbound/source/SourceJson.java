package dev.hookline.core.inbound.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The snake_case mapper the source settings (and their scheme configs) are read and stored with. */
public final class SourceJson {
    /** Strict as the API is (see {@link dev.hookline.core.wire.ApiJson#strict}): no type coercion. */
    public static final ObjectMapper MAPPER = dev.hookline.core.wire.ApiJson.strict(JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));

    private SourceJson() {
    }
}
