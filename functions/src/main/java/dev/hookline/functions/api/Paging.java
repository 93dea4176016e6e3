package dev.hookline.functions.api;

import dev.hookline.core.problem.Problem;
import dev.hookline.functions.http.ApiRequest;

import java.util.List;

/** {@code ?limit=} within 1..100 (default 20); anything else is a 422 naming the parameter. */
final class Paging {
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    private Paging() {
    }

    static int limit(ApiRequest request) {
        String raw = request.queryParam("limit").orElse(null);
        if (raw == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw Problem.invalid("limit must be a whole number from 1 to " + MAX_LIMIT + ".",
                List.of(new Problem.FieldError("limit", "must be between 1 and " + MAX_LIMIT))).toException();
    }
}
