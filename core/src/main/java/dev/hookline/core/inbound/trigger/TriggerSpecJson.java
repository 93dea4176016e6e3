package dev.hookline.core.inbound.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.problem.Problem.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the API's {@code trigger} object; only types are checked here, values in {@link TriggerSpec#validate()}. */
final class TriggerSpecJson {

    private static final Set<String> FIELDS =
            Set.of("pipeline", "version", "parameters", "required", "schema", "strict");

    private TriggerSpecJson() {
    }

    static TriggerSpec read(JsonNode json) {
        List<FieldError> errors = new ArrayList<>();
        if (json == null || !json.isObject()) {
            throw TriggerSpec.invalid(List.of(new FieldError("trigger", "must be an object"))).toException();
        }
        // A misspelt "requried" would otherwise drop a check silently.
        json.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(name, "is not a trigger field"));
            }
        });
        String pipeline = text(json, "pipeline", errors);
        String version = text(json, "version", errors);
        Map<String, String> parameters = parameters(json.get("parameters"), errors);
        List<String> required = required(json.get("required"), errors);
        JsonNode schema = present(json.get("schema")) ? json.get("schema") : null;
        boolean strict = false;
        if (present(json.get("strict"))) {
            if (json.get("strict").isBoolean()) {
                strict = json.get("strict").booleanValue();
            } else {
                errors.add(new FieldError("strict", "must be true or false"));
            }
        }
        if (!errors.isEmpty()) {
            throw TriggerSpec.invalid(errors).toException();
        }
        return new TriggerSpec(pipeline, version, parameters, required, schema, strict);
    }

    private static String text(JsonNode json, String field, List<FieldError> errors) {
        JsonNode value = json.get(field);
        if (!present(value)) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        return value.textValue();
    }

    private static Map<String, String> parameters(JsonNode value, List<FieldError> errors) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (!present(value)) {
            return parameters;
        }
        if (!value.isObject()) {
            errors.add(new FieldError("parameters", "must be an object of name -> JSON pointer"));
            return parameters;
        }
        value.properties().forEach(e -> {
            if (e.getValue().isTextual()) {
                parameters.put(e.getKey(), e.getValue().textValue());
            } else {
                errors.add(new FieldError("parameters." + e.getKey(), "must be a JSON pointer string"));
            }
        });
        return parameters;
    }

    private static List<String> required(JsonNode value, List<FieldError> errors) {
        List<String> required = new ArrayList<>();
        if (!present(value)) {
            return required;
        }
        if (!value.isArray()) {
            errors.add(new FieldError("required", "must be an array of parameter names"));
            return required;
        }
        for (int i = 0; i < value.size(); i++) {
            if (value.get(i).isTextual()) {
                required.add(value.get(i).textValue());
            } else {
                errors.add(new FieldError("required[" + i + "]", "must be a string"));
            }
        }
        return required;
    }

    private static boolean present(JsonNode value) {
        return value != null && !value.isNull();
    }
}
