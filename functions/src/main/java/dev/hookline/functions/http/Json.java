package dev.hookline.functions.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.core.wire.ApiJson;

/** The one JSON mapper of the API: snake_case, unknown fields and coercions refused, nulls left out (see ApiJson). */
public final class Json {
    public static final ObjectMapper MAPPER = ApiJson.MAPPER;

    private Json() {
    }
}
