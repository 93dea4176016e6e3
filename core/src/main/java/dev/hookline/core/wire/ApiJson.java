package dev.hookline.core.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.ProblemType;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The management API's JSON rules, in one place: bodies are {@code application/json} (415 otherwise), well-formed
 * UTF-8 JSON (400), a JSON object where an object is expected (400), and every field has the JSON type the document
 * names - a number is never read as a string, {@code 1.5} never as an integer, {@code "true"} never as a boolean
 * (422 naming the field and the type, in the API's words and never a Java class name). Unknown fields are 422.
 */
public final class ApiJson {
    /** snake_case on the wire, unknown fields and coercions refused, nulls left out, ASCII-only output. */
    public static final ObjectMapper MAPPER = strict(JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL));

    private ApiJson() {
    }

    /**
     * A builder with coercion of scalars switched off: what the API documents as a string, integer, number or
     * boolean must arrive as exactly that JSON type. Written JSON escapes every non-ASCII character, so a string
     * holding a lone surrogate reads back the same instead of as {@code ?}.
     */
    public static ObjectMapper strict(JsonMapper.Builder builder) {
        return builder
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
                .withCoercionConfig(LogicalType.Textual, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .build();
    }

    /** 415 unless the body is declared JSON ({@code application/json} or {@code application/*+json}, UTF-8). */
    public static void requireJsonMediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw unsupported("A JSON body needs 'Content-Type: application/json'.");
        }
        String[] parts = contentType.split(";");
        String media = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json") && !(media.startsWith("application/") && media.endsWith("+json"))) {
            throw unsupported("Content type '" + media + "' is not accepted here; send 'Content-Type: application/json'.");
        }
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].strip().toLowerCase(Locale.ROOT);
            if (param.startsWith("charset=") && !param.substring(8).replace("\"", "").equals("utf-8")) {
                throw unsupported("JSON is UTF-8; charset '" + param.substring(8) + "' is not accepted.");
            }
        }
    }

    /**
     * The body's members with their exact texts; 400 unless it is one well-formed JSON object in UTF-8 with each
     * name once.
     */
    public static Map<String, RawJson.Value> members(byte[] body) {
        if (body == null || body.length == 0) {
            throw bad("A JSON body is required.");
        }
        if (WireJson.utf8(body).isEmpty()) {
            throw bad("The body is not valid UTF-8; JSON must be.");
        }
        Map<String, RawJson.Value> members;
        try {
            members = RawJson.members(body);
        } catch (RawJson.Malformed e) {
            throw bad("The body is not valid JSON: " + e.getMessage()
                    + (e.line() > 0 ? " (line " + e.line() + ", column " + e.column() + ")" : "") + ".");
        }
        if (members == null) {
            throw bad("The body must be a JSON object.");
        }
        return members;
    }

    /** The body as a JSON object; see {@link #members}. */
    public static JsonNode object(byte[] body) {
        var node = MAPPER.createObjectNode();
        members(body).forEach((name, value) -> node.set(name, value.value()));
        return node;
    }

    /** The body read into {@code type}, a record of the API's fields; 400/422 as the class comment says. */
    public static <T> T read(byte[] body, Class<T> type) {
        return convert(object(body), type, "");
    }

    /** A JSON object (part of a body, at {@code prefix}) read into {@code type}, with the same errors. */
    public static <T> T convert(JsonNode object, Class<T> type, String prefix) {
        try {
            return MAPPER.treeToValue(object, type);
        } catch (UnrecognizedPropertyException e) {
            String field = join(prefix, path(e));
            throw Problem.invalid("Unknown field '" + field + "'.",
                    List.of(new Problem.FieldError(field, "is not a known field"))).toException();
        } catch (MismatchedInputException e) {
            String field = join(prefix, path(e));
            String expected = expected(e.getTargetType());
            throw Problem.invalid(field.isEmpty() ? "The body must be " + expected + "." : field + " must be " + expected + ".",
                    List.of(new Problem.FieldError(field, "must be " + expected))).toException();
        } catch (JsonMappingException e) {
            // Out-of-range numbers and the like: the path is known, the parser's wording is not the API's.
            String field = join(prefix, path(e));
            throw Problem.invalid(field + " is out of range.",
                    List.of(new Problem.FieldError(field, "is out of range for its type"))).toException();
        } catch (JsonProcessingException e) {
            throw bad("The body is not valid JSON.");
        }
    }

    /** {@code retry.max_attempts}, {@code event_types[0]}: the path as the API's fields name it. */
    public static String pathOf(JsonMappingException e) {
        return path(e);
    }

    /** The JSON type a Java target stands for, in the document's words ("a string", "an integer"…). */
    public static String expectedType(Class<?> target) {
        return expected(target);
    }

    static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String join(String prefix, String path) {
        return prefix.isEmpty() ? path : path.isEmpty() ? prefix : prefix + "." + path;
    }

    /** The JSON type a Java target stands for, as the document says it. */
    static String expected(Class<?> target) {
        if (target == null) {
            return "of another JSON type";
        }
        if (target == String.class || target == Character.class || target == char.class) {
            return "a string";
        }
        if (target == Integer.class || target == int.class || target == Long.class || target == long.class
                || target == Short.class || target == short.class || target == java.math.BigInteger.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(target) || target == double.class || target == float.class) {
            return "a number";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(target) || target.isArray()) {
            return "an array";
        }
        return "an object";
    }

    private static RuntimeException bad(String detail) {
        return Problem.of(ProblemType.BAD_REQUEST, detail).toException();
    }

    private static RuntimeException unsupported(String detail) {
        return Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, detail).toException();
    }
}
