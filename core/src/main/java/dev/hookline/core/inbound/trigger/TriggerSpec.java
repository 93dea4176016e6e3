package dev.hookline.core.inbound.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.Problem.FieldError;
import dev.hookline.core.problem.ProblemException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a trigger source starts for each accepted call: a pipeline (and pinned version), with parameters picked out of
 * the payload by JSON pointer, some of them required, all of them optionally checked against a JSON Schema.
 *
 * @param pipeline   the pipeline to run, 1..128 characters
 * @param version    the pinned pipeline version; null for the latest
 * @param parameters parameter name -> RFC 6901 pointer into the payload ({@code "/data/object/id"}, {@code ""} for
 *                   the whole payload), in the order given
 * @param required   names of parameters that must be present and not null
 * @param schema     a JSON Schema for the mapped parameters object (draft 2020-12 unless {@code $schema} says
 *                   otherwise); null for none
 * @param strict     refuse calls with violations (400/422) instead of recording a {@code failed_validation} run
 */
public record TriggerSpec(String pipeline, String version, Map<String, String> parameters, List<String> required,
                          JsonNode schema, boolean strict) {

    public static final int MAX_PIPELINE = 128;
    public static final int MAX_PARAMETERS = 50;
    public static final int MAX_NAME = 128;

    public TriggerSpec {
        // Null-tolerant, order-keeping copies: validation points at bad entries instead of construction failing.
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        required = required == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(required));
    }

    /** The API's {@code trigger} object; shape errors are a 422 with field errors named like the API's fields. */
    public static TriggerSpec fromJson(JsonNode json) {
        return TriggerSpecJson.read(json);
    }

    /** Shape and {@link #validate()} errors of an API {@code trigger} object together; empty when it is usable. */
    public static List<FieldError> check(JsonNode json) {
        try {
            return fromJson(json).validate();
        } catch (ProblemException e) {
            return e.problem().errors();
        }
    }

    /** Field errors named like the API's {@code trigger} fields; empty when the spec can be used. */
    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        if (pipeline == null || pipeline.isBlank() || pipeline.length() > MAX_PIPELINE) {
            errors.add(new FieldError("pipeline", "must be 1 to " + MAX_PIPELINE + " characters"));
        }
        if (version != null && (version.isBlank() || version.length() > MAX_PIPELINE)) {
            errors.add(new FieldError("version", "must be 1 to " + MAX_PIPELINE + " characters when given"));
        }
        dev.hookline.core.wire.PlainText.check(errors, "pipeline", pipeline, false);
        dev.hookline.core.wire.PlainText.check(errors, "version", version, false);
        validateParameters(errors);
        validateRequired(errors);
        if (schema != null && !schema.isNull()) {
            TriggerSchemas.problems(schema).forEach(p -> errors.add(new FieldError("schema", p)));
        }
        return errors;
    }

    private void validateParameters(List<FieldError> errors) {
        // Every parameter costs a pointer walk per call and a column in the runs UI; 50 is far past real use.
        if (parameters.size() > MAX_PARAMETERS) {
            errors.add(new FieldError("parameters", "must have at most " + MAX_PARAMETERS + " entries"));
        }
        parameters.forEach((name, pointer) -> {
            if (name == null || name.isBlank() || name.length() > MAX_NAME) {
                errors.add(new FieldError("parameters", "names must be 1 to " + MAX_NAME + " characters"));
            } else if (dev.hookline.core.wire.PlainText.problem(name, false) != null) {
                errors.add(new FieldError("parameters", "names " + dev.hookline.core.wire.PlainText.problem(name, false)));
            } else if (!JsonPointers.valid(pointer)) {
                errors.add(new FieldError("parameters." + name,
                        "must be a JSON pointer such as \"/export_id\" (or \"\" for the whole payload)"));
            }
        });
    }

    private void validateRequired(List<FieldError> errors) {
        for (int i = 0; i < required.size(); i++) {
            String name = required.get(i);
            if (name == null || !parameters.containsKey(name)) {
                errors.add(new FieldError("required[" + i + "]", "must name one of the parameters"));
            } else if (required.indexOf(name) < i) {
                errors.add(new FieldError("required[" + i + "]", "repeats '" + name + "'"));
            }
        }
    }

    /** The 422 for a trigger object that cannot even be read. */
    static Problem invalid(List<FieldError> errors) {
        return Problem.invalid("the trigger is not valid", errors);
    }
}
