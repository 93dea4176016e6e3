package dev.hookline.core.inbound.source;

import com.fasterxml.jackson.core.JsonPointer;
import dev.hookline.core.problem.Problem.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * A source owner's override for where the deduplication key comes from: a header ({@code {"header":"X-Event-Id"}})
 * or a JSON Pointer into the body ({@code {"json_pointer":"/event/id"}}). Exactly one must be set.
 */
public record DedupKeySource(String header, String jsonPointer) {

    private static final int MAX_LENGTH = 200;

    public static DedupKeySource header(String name) {
        return new DedupKeySource(name, null);
    }

    public static DedupKeySource jsonPointer(String pointer) {
        return new DedupKeySource(null, pointer);
    }

    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        if ((header == null) == (jsonPointer == null)) {
            errors.add(new FieldError("dedup_key", "set exactly one of header, json_pointer"));
            return errors;
        }
        if (header != null && (header.isBlank() || header.length() > MAX_LENGTH
                || !header.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ':'))) {
            errors.add(new FieldError("dedup_key.header", "must be an HTTP header name"));
        }
        if (jsonPointer != null) {
            try {
                if (jsonPointer.length() > MAX_LENGTH || JsonPointer.compile(jsonPointer).matches()) {
                    // The empty pointer selects the whole document, which is never a usable key.
                    errors.add(new FieldError("dedup_key.json_pointer", "must point into the body, e.g. /event/id"));
                }
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("dedup_key.json_pointer", "is not a valid JSON Pointer (RFC 6901)"));
            }
        }
        return errors;
    }
}
