package dev.hookline.core.inbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/** Lenient JSON reading of inbound bodies: anything that is not a JSON object simply has no fields. */
final class JsonBodies {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonBodies() {
    }

    static Optional<JsonNode> object(byte[] body) {
        int i = 0;
        while (i < body.length && Character.isWhitespace(body[i])) {
            i++;
        }
        // Cheap pre-check so form or binary bodies never reach the parser.
        if (i == body.length || body[i] != '{') {
            return Optional.empty();
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A scalar as text; objects, arrays, null and missing count as absent. */
    static Optional<String> text(JsonNode node) {
        if (node == null || !node.isValueNode() || node.isNull()) {
            return Optional.empty();
        }
        return Optional.of(node.asText());
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise handshake response", e);
        }
    }
}
