package dev.hookline.core.inbound.verify;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The bodies a sender may have signed when the one received does not verify: the usual ways a body changes between
 * signing and checking (a trailing newline, whitespace, a byte-order mark, JSON parsed and written again with other
 * spacing, key order or escaping, text re-encoded in another charset). Each comes with what it tells the user.
 */
final class BodyVariants {
    /** Bodies above this are not parsed as JSON again (the doctor stays cheap on large bodies). */
    static final int MAX_JSON_BYTES = 256 * 1024;

    record Variant(byte[] body, String code, String message, String fix) {
    }

    private static final ObjectMapper PARSER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private static final String VERIFY_RAW = "verify the raw bytes as they arrived, before any framework parses or "
            + "re-encodes them (express.raw(), request.get_data(), a byte[] or String body in Spring)";
    private static final JsonText PYTHON = new JsonText(", ", ": ", 0, false, false, false);
    private static final JsonText INDENT_2 = new JsonText(",", ": ", 2, false, false, false);
    private static final JsonText INDENT_4 = new JsonText(",", ": ", 4, false, false, false);

    private BodyVariants() {
    }

    static List<Variant> of(byte[] body) {
        List<Variant> out = new ArrayList<>();
        newlines(body, out);
        String text = new String(body, StandardCharsets.UTF_8);
        if (!text.strip().equals(text) && !text.strip().isEmpty()) {
            out.add(new Variant(text.strip().getBytes(StandardCharsets.UTF_8), "body_whitespace",
                    "The body has leading or trailing whitespace that the sender did not sign.",
                    "Pass the body through unchanged; " + VERIFY_RAW + "."));
        }
        if (body.length >= 3 && (body[0] & 0xff) == 0xEF && (body[1] & 0xff) == 0xBB && (body[2] & 0xff) == 0xBF) {
            out.add(new Variant(Arrays.copyOfRange(body, 3, body.length), "body_bom",
                    "The body starts with a UTF-8 byte-order mark that the sender did not sign.",
                    "Read the body as bytes, not through a reader that adds a byte-order mark."));
        }
        json(body, out);
        charsets(body, out);
        return dedupe(out, body);
    }

    private static void newlines(byte[] body, List<Variant> out) {
        int end = body.length;
        if (end > 0 && body[end - 1] == '\n') {
            int cut = end >= 2 && body[end - 2] == '\r' ? 2 : 1;
            out.add(new Variant(Arrays.copyOf(body, end - cut), "body_trailing_newline",
                    "The body ends with a line break (" + (cut == 2 ? "CRLF" : "LF") + ") that the sender did not sign.",
                    "Do not add a newline to the body (an editor saving the file, echo, or a proxy does); "
                            + VERIFY_RAW + "."));
        } else {
            for (String newline : List.of("\n", "\r\n")) {
                out.add(new Variant(concat(body, newline), "body_trailing_newline",
                        "The sender signed the body with a final line break (" + (newline.length() == 2 ? "CRLF" : "LF")
                                + ") that is missing here.",
                        "Keep the body byte for byte as sent, final line break included; " + VERIFY_RAW + "."));
            }
        }
    }

    private static void json(byte[] body, List<Variant> out) {
        if (body.length > MAX_JSON_BYTES) {
            return;
        }
        JsonNode tree;
        try {
            tree = PARSER.readTree(body);
        } catch (IOException notJson) {
            return;
        }
        if (tree == null || !tree.isContainerNode()) {
            return;
        }
        String fix = "Never re-serialize the parsed object (JSON.stringify, json.dumps, an ObjectMapper) to check a "
                + "signature; " + VERIFY_RAW + ".";
        String spacing = "The body was parsed and written again with other spacing than the sender signed: same JSON, "
                + "other bytes";
        String order = "The body was parsed and written again with its keys in another order than the sender signed";
        for (JsonText style : List.of(JsonText.COMPACT, PYTHON, INDENT_2, INDENT_4)) {
            String shape = describe(style);
            add(out, style.write(tree), "body_reserialized", spacing + " (the sender's: " + shape + ").", fix);
            add(out, style.sorted().write(tree), "body_key_order", order + " (the sender's: keys sorted, " + shape + ").", fix);
            add(out, style.asciiOnly().write(tree), "body_escaping", "The body was written again without escaping what "
                    + "the sender escaped (the sender's: non-ASCII as \\u escapes, " + shape + ").", fix);
        }
        add(out, PYTHON.asciiOnly().sorted().write(tree), "body_key_order", order
                + " (the sender's: Python's json.dumps with sort_keys=True).", fix);
        add(out, JsonText.COMPACT.slashesEscaped().write(tree), "body_escaping",
                "The sender signed the JSON with slashes escaped (\\/), as PHP's json_encode does; here they are not.", fix);
    }

    private static String describe(JsonText style) {
        if (style.indent() > 0) {
            return style.indent() + "-space indentation" + (style.indent() == 2 ? ", as JSON.stringify(x, null, 2)" : "");
        }
        return style.itemSeparator().equals(", ") ? "\", \" and \": \" separators, as Python's json.dumps"
                : "compact, no spaces, as JSON.stringify(x)";
    }

    private static void charsets(byte[] body, List<Variant> out) {
        String fix = "Sign and verify the same bytes: send UTF-8 (charset=utf-8) and verify the bytes as received, "
                + "not a string decoded and encoded again with another charset.";
        Optional<String> utf8 = decode(body, StandardCharsets.UTF_8);
        if (utf8.isPresent() && utf8.get().chars().anyMatch(c -> c > 0x7f)) {
            boolean doubled = utf8.get().matches("(?s).*[\\u00c2-\\u00c3][\\u0080-\\u00bf].*");
            encode(utf8.get(), StandardCharsets.ISO_8859_1).ifPresent(latin1 -> out.add(new Variant(latin1, "body_charset",
                    doubled ? "The body was encoded twice: UTF-8 read as ISO-8859-1 and written as UTF-8 again "
                            + "(é became Ã©); the sender signed the original UTF-8."
                            : "The sender signed the text encoded as ISO-8859-1 (Latin-1); here it is UTF-8.", fix)));
            encode(utf8.get(), Charset.forName("windows-1252")).ifPresent(cp1252 -> out.add(new Variant(cp1252,
                    "body_charset", "The sender signed the text encoded as Windows-1252; here it is UTF-8.", fix)));
        }
        if (utf8.isEmpty()) {
            String latin1 = new String(body, StandardCharsets.ISO_8859_1);
            out.add(new Variant(latin1.getBytes(StandardCharsets.UTF_8), "body_charset",
                    "The body is not UTF-8: the sender signed UTF-8 and the text was re-encoded as ISO-8859-1 on the way.",
                    fix));
        }
    }

    private static Optional<String> decode(byte[] bytes, Charset charset) {
        try {
            return Optional.of(charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static Optional<byte[]> encode(String text, Charset charset) {
        try {
            ByteBuffer buffer = charset.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(text));
            byte[] out = new byte[buffer.remaining()];
            buffer.get(out);
            return Optional.of(out);
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static void add(List<Variant> out, String text, String code, String message, String fix) {
        out.add(new Variant(text.getBytes(StandardCharsets.UTF_8), code, message, fix));
    }

    /** Drops variants equal to the received body or to an earlier variant (the first, most specific, stays). */
    private static List<Variant> dedupe(List<Variant> variants, byte[] body) {
        List<Variant> out = new ArrayList<>();
        for (Variant v : variants) {
            if (!Arrays.equals(v.body(), body) && out.stream().noneMatch(o -> Arrays.equals(o.body(), v.body()))) {
                out.add(v);
            }
        }
        return out;
    }

    private static byte[] concat(byte[] body, String suffix) {
        byte[] tail = suffix.getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(body, body.length + tail.length);
        System.arraycopy(tail, 0, out, body.length, tail.length);
        return out;
    }
}
