package dev.hookline.infrastructure.dynamo;

import dev.hookline.core.problem.Problem;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static dev.hookline.infrastructure.dynamo.Attr.s;

/**
 * The opaque {@code next_cursor} of listings on index gsi1: the last item's table and index keys. A cursor
 * is only accepted for the listing (index partition) it came from, so it can never reach another tenant's
 * items; anything else is a 422 (the API seals cursors first, so only a bug gets this far).
 */
final class IndexCursor {
    private IndexCursor() {
    }

    static String after(Map<String, AttributeValue> item) {
        String raw = item.get("pk").s() + "\n" + item.get("sk").s() + "\n" + item.get("gsi1pk").s() + "\n" + item.get("gsi1sk").s();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The ExclusiveStartKey for a cursor of the listing on {@code gsi1pk}; null for no cursor. */
    static Map<String, AttributeValue> start(String cursor, String gsi1pk) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", -1);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (parts.length != 4 || parts[0].isEmpty() || parts[1].isEmpty() || !parts[2].equals(gsi1pk) || parts[3].isEmpty()) {
            throw invalid();
        }
        return Map.of("pk", s(parts[0]), "sk", s(parts[1]), "gsi1pk", s(parts[2]), "gsi1sk", s(parts[3]));
    }

    private static RuntimeException invalid() {
        return Problem.invalid("The cursor does not belong to this listing.", java.util.List.of(
                new Problem.FieldError("cursor", "must be a next_cursor from this same listing"))).toException();
    }
}
