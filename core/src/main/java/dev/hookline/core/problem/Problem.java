package dev.hookline.core.problem;

import java.util.List;

/**
 * An RFC 9457 problem: a stable {@code type} that clients branch on, a human {@code detail}, and the
 * field errors of a rejected request. Thrown as {@link ProblemException} from anywhere below a handler.
 */
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String TYPE_BASE = "https://hookline.dev/problems/";

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static Problem of(ProblemType type, String detail) {
        return new Problem(TYPE_BASE + type.slug(), type.title(), type.status(), detail, List.of());
    }

    public static Problem invalid(String detail, List<FieldError> errors) {
        return new Problem(TYPE_BASE + ProblemType.VALIDATION.slug(), ProblemType.VALIDATION.title(),
                ProblemType.VALIDATION.status(), detail, errors);
    }

    public ProblemException toException() {
        return new ProblemException(this);
    }

    public record FieldError(String field, String message) {
    }
}
