package dev.hookline.core.inbound.trigger;

import dev.hookline.core.problem.Problem.FieldError;

/**
 * Why a payload does not make a valid set of run parameters.
 *
 * @param field   a parameter name for a missing required parameter ({@code export_id}); for a schema violation the
 *                JSON pointer into the mapped parameters ({@code /count}, {@code /items/1}, {@code ""} for the whole)
 * @param message what is wrong, for people
 */
public record Violation(String field, String message) {

    /** For a strict source, which rejects the call with these as the problem's field errors. */
    public FieldError toFieldError() {
        return new FieldError(field, message);
    }
}
