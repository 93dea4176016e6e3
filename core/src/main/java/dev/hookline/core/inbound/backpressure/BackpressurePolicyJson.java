package dev.hookline.core.inbound.backpressure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.problem.Problem.FieldError;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the API's {@code backpressure} object. Fields that belong to another policy are refused rather than
 * ignored: {@code {"policy":"queue","max_queue_depth":1000}} looks like a limit and is not one.
 */
final class BackpressurePolicyJson {

    private static final Map<String, Set<String>> FIELDS = Map.of(
            "queue", Set.of("policy"),
            "reject", Set.of("policy", "max_queue_depth", "max_per_second", "retry_after_s"),
            "shed", Set.of("policy", "keep_rate"));

    private BackpressurePolicyJson() {
    }

    /** The policy, with shape errors added to {@code errors} (the policy returned then is meaningless). */
    static BackpressurePolicy read(JsonNode json, List<FieldError> errors) {
        if (json == null || json.isNull() || json.isMissingNode()) {
            return BackpressurePolicy.DEFAULT;
        }
        if (!json.isObject()) {
            errors.add(new FieldError("policy", "the backpressure setting must be an object with a policy"));
            return BackpressurePolicy.DEFAULT;
        }
        JsonNode policy = json.get("policy");
        if (policy == null || !policy.isTextual() || !FIELDS.containsKey(policy.textValue())) {
            errors.add(new FieldError("policy", "must be 'queue', 'reject' or 'shed'"));
            return BackpressurePolicy.DEFAULT;
        }
        String name = policy.textValue();
        json.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.get(name).contains(field)) {
                errors.add(new FieldError(field, "does not apply to the '" + name + "' policy"));
            }
        });
        BackpressurePolicy read = switch (name) {
            case "reject" -> new BackpressurePolicy.Reject(
                    wholeNumber(json, "max_queue_depth", errors),
                    wholeNumber(json, "max_per_second", errors),
                    json.hasNonNull("retry_after_s")
                            ? Duration.ofSeconds(wholeNumber(json, "retry_after_s", errors)) : null);
            case "shed" -> new BackpressurePolicy.Shed(number(json, "keep_rate", errors));
            default -> BackpressurePolicy.DEFAULT;
        };
        return read;
    }

    /** Absent -> 0 (unset); anything but a whole number that fits an int is an error. */
    private static int wholeNumber(JsonNode json, String field, List<FieldError> errors) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            errors.add(new FieldError(field, "must be a whole number"));
            return 0;
        }
        return value.intValue();
    }

    /** Absent is an error here: a shed policy without a rate has no meaning. */
    private static double number(JsonNode json, String field, List<FieldError> errors) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            errors.add(new FieldError(field, "is required"));
            return Double.NaN;
        }
        if (!value.isNumber()) {
            errors.add(new FieldError(field, "must be a number"));
            return Double.NaN;
        }
        return value.doubleValue();
    }
}
