package dev.hookline.functions.api;

import dev.hookline.core.crypto.CursorSeal;
import dev.hookline.core.problem.Problem;
import dev.hookline.functions.http.ApiRequest;
import dev.hookline.functions.http.Call;

import java.util.List;
import java.util.function.Function;

/**
 * {@code ?limit=} within 1..100 (default 20), and {@code ?cursor=}/{@code next_cursor} sealed to their list: a cursor
 * is opaque, made by Hookline for one tenant's listing with its filters, and anything else (garbage, edited, from
 * another list or other filters) is a 422 naming the parameter.
 */
final class Paging {
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    /** One page cut from a fetch of {@code limit + 1}: the extra item only tells that there is more. */
    record Slice<T>(List<T> items, String after) {
    }

    private final CursorSeal seal;

    Paging(CursorSeal seal) {
        this.seal = seal;
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

    /** The store position of {@code ?cursor=} for this list and filters; null for the first page; 422 otherwise. */
    String after(Call call, String list, String... filters) {
        String cursor = call.request().queryParam("cursor").orElse(null);
        if (cursor == null) {
            return null;
        }
        return seal.open(binding(call, list, filters), cursor).orElseThrow(() -> Problem.invalid(
                "The cursor is not one this listing gave out (with these filters).",
                List.of(new Problem.FieldError("cursor", "must be a next_cursor from this same listing and filters"))).toException());
    }

    /** {@code next_cursor} for a store position (null when the list ends). */
    String next(Call call, String list, String position, String... filters) {
        return position == null ? null : seal.seal(binding(call, list, filters), position);
    }

    /** The first {@code limit} of {@code fetched} (which asked for one more), and where the next page starts. */
    static <T> Slice<T> slice(List<T> fetched, int limit, Function<T, String> position) {
        if (fetched.size() <= limit) {
            return new Slice<>(fetched, null);
        }
        List<T> page = fetched.subList(0, limit);
        return new Slice<>(page, position.apply(page.getLast()));
    }

    private static String binding(Call call, String list, String... filters) {
        StringBuilder b = new StringBuilder(call.caller() == null ? "-" : call.caller().tenantId()).append('\n').append(list);
        for (String f : filters) {
            b.append('\n').append(f == null ? "" : f);
        }
        return b.toString();
    }
}
