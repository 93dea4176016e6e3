package dev.hookline.core.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON values read together with the exact text they were sent as, so what Hookline passes on (a publisher's
 * {@code data}, a stream record) can be the sender's bytes rather than a re-serialisation that normalises escapes,
 * numbers and spacing. The text of a value is always well-formed UTF-8 decoded: JSON must be UTF-8 (RFC 8259), and a
 * body that is not is refused as malformed.
 */
public final class RawJson {
    /** Containers open at once; 64 covers real payloads, and deeper ones are built to break recursive consumers. */
    public static final int MAX_DEPTH = 64;

    private static final ObjectMapper READER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build());
    /** For the API's own bodies: a repeated member name is refused, since which one counts would be a guess. */
    private static final ObjectMapper STRICT_READER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    private RawJson() {
    }

    /** A value and its text exactly as sent. */
    public record Value(JsonNode value, String text) {
    }

    /** Why a body could not be read; {@code depth} when it was well-formed but nested too deep. */
    public static final class Malformed extends RuntimeException {
        private final boolean depth;
        private final long line;
        private final long column;

        Malformed(String reason, boolean depth, long line, long column) {
            super(reason, null, false, false);
            this.depth = depth;
            this.line = line;
            this.column = column;
        }

        public boolean depth() {
            return depth;
        }

        /** 1-based line of the problem, or -1 when unknown. */
        public long line() {
            return line;
        }

        public long column() {
            return column;
        }
    }

    /** The one JSON value in {@code bytes[offset, offset+length)} with its text; trailing tokens are malformed. */
    public static Value value(byte[] bytes, int offset, int length) {
        try (JsonParser p = READER.createParser(bytes, offset, length)) {
            if (p.nextToken() == null) {
                throw new Malformed("no JSON value", false, 1, 1);
            }
            requireUtf8(p);
            Value v = read(p, bytes, offset);
            if (p.nextToken() != null) {
                throw new Malformed("more than one JSON value (trailing content after the first)", false,
                        p.currentTokenLocation().getLineNr(), p.currentTokenLocation().getColumnNr());
            }
            return v;
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    /** A top-level array's elements, each with its text; a body that is not an array is one element, itself. */
    public static List<Value> elements(byte[] bytes, int limit, Runnable tooMany) {
        try (JsonParser p = READER.createParser(bytes)) {
            if (p.nextToken() == null) {
                throw new Malformed("no JSON value", false, 1, 1);
            }
            requireUtf8(p);
            List<Value> out = new ArrayList<>();
            if (p.currentToken() != JsonToken.START_ARRAY) {
                out.add(read(p, bytes, 0));
            } else {
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (out.size() == limit) {
                        tooMany.run();
                    }
                    out.add(read(p, bytes, 0));
                }
            }
            if (p.nextToken() != null) {
                throw new Malformed("more than one JSON value (trailing content after the first)", false,
                        p.currentTokenLocation().getLineNr(), p.currentTokenLocation().getColumnNr());
            }
            return out;
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    /**
     * The members of a JSON object body, in order, each with its text; a repeated name is malformed (which one
     * would count is a guess). Null when the body is JSON but not an object: the caller says what it wanted.
     */
    public static Map<String, Value> members(byte[] bytes) {
        try (JsonParser p = STRICT_READER.createParser(bytes)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new Malformed("no JSON value", false, 1, 1);
            }
            requireUtf8(p);
            if (first != JsonToken.START_OBJECT) {
                read(p, bytes, 0);
                if (p.nextToken() != null) {
                    throw new Malformed("more than one JSON value (trailing content after the first)", false,
                            p.currentTokenLocation().getLineNr(), p.currentTokenLocation().getColumnNr());
                }
                return null;
            }
            Map<String, Value> out = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                out.put(name, read(p, bytes, 0));
            }
            if (p.nextToken() != null) {
                throw new Malformed("more than one JSON value (trailing content after the first)", false,
                        p.currentTokenLocation().getLineNr(), p.currentTokenLocation().getColumnNr());
            }
            return out;
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    /** Jackson guesses UTF-16/32 from NUL bytes and then counts chars, not bytes (-1): JSON is UTF-8 only. */
    private static void requireUtf8(JsonParser p) {
        if (p.currentTokenLocation().getByteOffset() < 0) {
            throw new Malformed("the JSON text is not UTF-8", false, -1, -1);
        }
    }

    /** Reads the value at the parser's current token; offsets are relative to {@code base} in {@code bytes}. */
    private static Value read(JsonParser p, byte[] bytes, int base) throws IOException {
        long from = p.currentTokenLocation().getByteOffset();
        JsonNode node = p.readValueAsTree();
        p.finishToken();
        long to = p.currentLocation().getByteOffset();
        // Jackson guesses UTF-16/32 from NUL bytes and then counts chars, not bytes (-1): JSON is UTF-8 only.
        // (Found by RecordParserFuzzTest: a line "\0 1" read as UTF-16 "1".)
        if (from < 0 || to < from || base + to > bytes.length) {
            throw new Malformed("the JSON text is not UTF-8", false, -1, -1);
        }
        int start = base + (int) from;
        int end = base + (int) to;
        String text = WireJson.utf8(bytes, start, end - start).orElseThrow(() ->
                new Malformed("the JSON text is not valid UTF-8", false, -1, -1));
        return new Value(node, text);
    }

    private static Malformed malformed(IOException e) {
        if (e instanceof StreamConstraintsException) {
            String m = String.valueOf(e.getMessage());
            String first = m.lines().findFirst().orElse(m);
            return new Malformed(m.contains("nesting depth") ? "nests deeper than " + MAX_DEPTH + " levels"
                    : "exceeds a parser limit: " + (first.length() > 200 ? first.substring(0, 200) + "…" : first),
                    m.contains("nesting depth"), -1, -1);
        }
        String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        reason = reason == null ? "malformed" : reason.lines().findFirst().orElse("malformed");
        if (reason.length() > 200) {
            reason = reason.substring(0, 200) + "…";
        }
        long line = -1;
        long column = -1;
        if (e instanceof JsonProcessingException j && j.getLocation() != null) {
            line = j.getLocation().getLineNr();
            column = j.getLocation().getColumnNr();
        }
        return new Malformed(reason, false, line, column);
    }
}
