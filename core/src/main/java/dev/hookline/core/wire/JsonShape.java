package dev.hookline.core.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.problem.Problem.FieldError;

import java.util.List;
import java.util.Set;

/**
 * Type checks for settings kept as JSON trees (a source's dedup and stream objects): the same rules as
 * {@link ApiJson} for records - a member has exactly the JSON type the document names, never a coerced one.
 */
public final class JsonShape {
    public enum Kind {
        STRING("a string"), INTEGER("an integer"), BOOLEAN("true or false"), OBJECT("an object");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        boolean matches(JsonNode value) {
            return switch (this) {
                case STRING -> value.isTextual();
                case INTEGER -> value.isIntegralNumber() && value.canConvertToLong();
                case BOOLEAN -> value.isBoolean();
                case OBJECT -> value.isObject();
            };
        }
    }

    private JsonShape() {
    }

    /**
     * Whether {@code parent.name} is present (not null) with the right type; a present value of another type adds
     * "{@code prefix.name} must be …" to {@code errors}.
     */
    public static boolean has(List<FieldError> errors, JsonNode parent, String prefix, String name, Kind kind) {
        JsonNode value = parent.get(name);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!kind.matches(value)) {
            errors.add(new FieldError(prefix + "." + name, "must be " + kind.words));
            return false;
        }
        return true;
    }

    /** Adds "is not a known field" for every member of {@code object} not in {@code known}. */
    public static void onlyFields(List<FieldError> errors, JsonNode object, String prefix, Set<String> known) {
        object.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                errors.add(new FieldError(prefix + "." + name, "is not a known field"));
            }
        });
    }
}
