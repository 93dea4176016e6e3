package dev.hookline.core.inbound.stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.inbound.trigger.TriggerSchemas;
import dev.hookline.core.inbound.trigger.Violation;
import dev.hookline.core.problem.Problem.FieldError;

import java.util.ArrayList;
import java.util.List;

/**
 * A JSON Schema pinned on a stream source ({@code stream.schema}), to catch a vendor's drift: in {@code strict} mode
 * (the default) a call with a record that breaks it is refused with 422 naming the failing paths; in
 * {@code quarantine} mode the record is kept, flagged {@code "quarantined": true} with its violations, and counted
 * in the source's stats. Schemas are bounded and compiled as trigger schemas are (no remote references, linear-time
 * patterns).
 */
public final class StreamSchema {
    /** Violations a record carries (and a 422 lists): the first few say what drifted. */
    public static final int MAX_VIOLATIONS = 10;
    static final int MAX_MESSAGE_CHARS = 300;

    public enum Mode { STRICT, QUARANTINE }

    private StreamSchema() {
    }

    public static List<FieldError> validate(JsonNode stream) {
        List<FieldError> errors = new ArrayList<>();
        if (stream.has("schema")) {
            TriggerSchemas.problems(stream.get("schema")).forEach(p -> errors.add(new FieldError("stream.schema", p)));
        }
        if (stream.has("schema_mode")) {
            JsonNode mode = stream.get("schema_mode");
            if (!mode.isTextual() || !(mode.textValue().equals("strict") || mode.textValue().equals("quarantine"))) {
                errors.add(new FieldError("stream.schema_mode", "must be 'strict' or 'quarantine'"));
            } else if (!stream.has("schema")) {
                errors.add(new FieldError("stream.schema_mode", "applies only with a schema"));
            }
        }
        return errors;
    }

    public static boolean pinned(JsonNode stream) {
        return stream != null && stream.has("schema");
    }

    public static Mode mode(JsonNode stream) {
        return "quarantine".equals(stream.path("schema_mode").asText()) ? Mode.QUARANTINE : Mode.STRICT;
    }

    /** The record's violations (at most {@link #MAX_VIOLATIONS}, messages cut short); empty when it conforms. */
    public static List<Violation> violations(JsonNode stream, JsonNode record) {
        List<Violation> all = TriggerSchemas.violations(stream.get("schema"), record);
        List<Violation> out = new ArrayList<>();
        for (Violation v : all) {
            if (out.size() == MAX_VIOLATIONS) {
                break;
            }
            String message = v.message().length() > MAX_MESSAGE_CHARS
                    ? v.message().substring(0, MAX_MESSAGE_CHARS) + "…" : v.message();
            out.add(new Violation(v.field().isEmpty() ? "/" : v.field(), message));
        }
        return out;
    }
}
