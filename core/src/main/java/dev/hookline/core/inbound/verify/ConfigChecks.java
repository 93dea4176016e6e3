package dev.hookline.core.inbound.verify;

import dev.hookline.core.problem.Problem.FieldError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Validation rules shared by the scheme configurations; field names are the snake_case names of the API. */
final class ConfigChecks {

    /** Rotation needs two; a few more cover staged roll-outs without letting a source make every check expensive. */
    static final int MAX_SECRETS = 5;
    static final int DEFAULT_TOLERANCE_SECONDS = (int) Freshness.DEFAULT_TOLERANCE.toSeconds();
    static final int MAX_TOLERANCE_SECONDS = 3600;
    private static final int MAX_HEADER_NAME = 100;
    private static final String TCHAR_SPECIALS = "!#$%&'*+-.^_`|~";

    private ConfigChecks() {
    }

    /** Null-tolerant copy: nulls stay in so validation can point at them instead of failing on construction. */
    static List<String> list(List<String> values) {
        return values == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(values));
    }

    static void secrets(List<String> secrets, String field, int min, int max, List<FieldError> errors) {
        if (secrets.size() < min || secrets.size() > max) {
            errors.add(new FieldError(field, min == max ? "exactly " + min + " required"
                    : "between " + min + " and " + max + " values required"));
        }
        for (int i = 0; i < secrets.size(); i++) {
            if (secrets.get(i) == null || secrets.get(i).isBlank()) {
                errors.add(new FieldError(field + "[" + i + "]", "must not be blank"));
            }
        }
    }

    static void tolerance(int seconds, String field, List<FieldError> errors) {
        if (seconds < 1 || seconds > MAX_TOLERANCE_SECONDS) {
            errors.add(new FieldError(field, "must be between 1 and " + MAX_TOLERANCE_SECONDS + " seconds"));
        }
    }

    /** An HTTP field name (RFC 9110 token); {@code null} passes unless required. */
    static void headerName(String name, String field, boolean required, List<FieldError> errors) {
        if (name == null) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return;
        }
        if (name.isEmpty() || name.length() > MAX_HEADER_NAME || !name.chars().allMatch(ConfigChecks::tchar)) {
            errors.add(new FieldError(field,
                    "must be an HTTP header name of 1.." + MAX_HEADER_NAME + " token characters"));
        }
    }

    static Duration seconds(int seconds) {
        return Duration.ofSeconds(seconds);
    }

    static String redacted(List<String> secrets) {
        return "<" + secrets.size() + " redacted>";
    }

    private static boolean tchar(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || TCHAR_SPECIALS.indexOf(c) >= 0;
    }
}
