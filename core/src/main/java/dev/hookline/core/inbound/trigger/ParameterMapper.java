package dev.hookline.core.inbound.trigger;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.problem.Problem.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Payload -> run parameters, for one trigger call. Pure: a payload that lacks something is reported, never thrown,
 * because whether it fails the call (strict) or records a {@code failed_validation} run is the caller's choice.
 */
public final class ParameterMapper {

    private ParameterMapper() {
    }

    /**
     * Each parameter is copied from its pointer (absent when the pointer finds nothing, {@code null} when the payload
     * says null); required ones that are absent or null are violations; then the schema, if any, judges the whole
     * parameters object.
     *
     * @throws IllegalArgumentException when the spec itself is broken (a bad pointer or schema), which
     *                                  {@link TriggerSpec#validate()} refuses before a source is saved
     */
    public static MappedParameters map(TriggerSpec spec, JsonNode payload) {
        ObjectNode parameters = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, String> p : spec.parameters().entrySet()) {
            JsonNode value = payload == null ? null : payload.at(JsonPointer.compile(p.getValue()));
            if (value != null && !value.isMissingNode()) {
                // A copy, so the run's parameters never change if the caller reuses the payload tree.
                parameters.set(p.getKey(), value.deepCopy());
            }
        }
        List<Violation> violations = new ArrayList<>();
        for (String name : spec.required()) {
            JsonNode value = parameters.get(name);
            if (value == null || value.isNull()) {
                violations.add(new Violation(name, "is required (from " + spec.parameters().get(name) + ")"));
            }
        }
        if (spec.schema() != null && !spec.schema().isNull()) {
            violations.addAll(TriggerSchemas.violations(spec.schema(), parameters));
        }
        return new MappedParameters(parameters, violations);
    }

    /**
     * The run parameters taken from one payload, and everything wrong with them. Both are always filled in: a
     * non-strict source still records the run with what was found, a strict one refuses the call.
     */
    public record MappedParameters(ObjectNode parameters, List<Violation> violations) {

        public MappedParameters {
            violations = List.copyOf(violations);
        }

        public boolean valid() {
            return violations.isEmpty();
        }

        public List<FieldError> fieldErrors() {
            return violations.stream().map(Violation::toFieldError).toList();
        }
    }
}
