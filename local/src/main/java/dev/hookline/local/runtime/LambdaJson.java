package dev.hookline.local.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;

/**
 * Events and responses as JSON on the stream-handler path. The aws-lambda-java-events classes' getters
 * carry the wire names (rawPath, isBase64Encoded, requestContext.http.sourceIp), so plain Jackson writes
 * what API Gateway sends; tests that need fields the classes lack pass a JsonNode instead.
 */
public final class LambdaJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private LambdaJson() {
    }

    /** The size of the event as Lambda would receive it (what its invocation payload limit counts). */
    public static int serializedLength(Object event) {
        try {
            return write(event).length;
        } catch (IOException e) {
            throw new IllegalStateException("An event that cannot be written as JSON", e);
        }
    }

    static byte[] write(Object event) throws IOException {
        return event instanceof byte[] bytes ? bytes : MAPPER.writeValueAsBytes(event);
    }

    static <T> T read(byte[] json, Class<T> type) throws IOException {
        return MAPPER.readValue(json, type);
    }

    static JsonNode tree(byte[] json) throws IOException {
        return MAPPER.readTree(json);
    }
}
