package dev.hookline.core.inbound.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.ProblemType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code application/x-www-form-urlencoded} to one JSON object: every value is a string (forms carry no types) and a
 * repeated name becomes an array in order of appearance. A form may carry bytes that are not UTF-8 ({@code %FF}):
 * such a name or value reads with U+FFFD in their place, and the record keeps the body's exact bytes beside it
 * ({@link ParsedRecord#bytes()}), so nothing the sender sent is lost.
 */
final class FormDecoder {
    /** Fields in one form; real senders (Twilio, Slack) send dozens. Counted before anything is decoded. */
    static final int MAX_FIELDS = 1_000;

    private FormDecoder() {
    }

    static ObjectNode decode(byte[] body) {
        int separators = 0;
        for (byte b : body) {
            if (b == '&' && ++separators >= MAX_FIELDS) {
                throw Problem.of(ProblemType.PAYLOAD_TOO_LARGE, "the form has more than " + MAX_FIELDS
                        + " fields (the limit per request); send fewer").toException();
            }
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        int start = 0;
        int field = 0;
        while (start <= body.length) {
            int end = indexOf(body, (byte) '&', start, body.length);
            if (end > start) {
                field++;
                int eq = indexOf(body, (byte) '=', start, end);
                boolean hasValue = eq < end;
                String name = decode(body, start, hasValue ? eq : end, field);
                String value = hasValue ? decode(body, eq + 1, end, field) : "";
                add(out, name, value);
            }
            start = end + 1;
        }
        return out;
    }

    private static void add(ObjectNode out, String name, String value) {
        JsonNode existing = out.get(name);
        if (existing == null) {
            out.put(name, value);
        } else if (existing.isArray()) {
            ((ArrayNode) existing).add(value);
        } else {
            ArrayNode values = out.arrayNode().add(existing).add(TextNode.valueOf(value));
            out.set(name, values);
        }
    }

    /** Percent- and plus-decoding, then UTF-8 with U+FFFD for bytes that are not (the exact bytes travel beside). */
    private static String decode(byte[] body, int from, int to, int field) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (b == '+') {
                bytes.write(' ');
            } else if (b == '%') {
                int hi = i + 2 < to ? Character.digit(body[i + 1], 16) : -1;
                int lo = i + 2 < to ? Character.digit(body[i + 2], 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw bad("form field " + field + " has a malformed percent escape");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                bytes.write(b);
            }
        }
        return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
    }

    /** First {@code b} in {@code [from, to)}, else {@code to}; bounded so a long field is never rescanned. */
    private static int indexOf(byte[] body, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (body[i] == b) {
                return i;
            }
        }
        return to;
    }

    private static RuntimeException bad(String detail) {
        return Problem.of(ProblemType.BAD_REQUEST, detail).toException();
    }
}
