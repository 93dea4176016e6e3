package dev.hookline.core.inbound.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.ProblemType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an ingest body into records. Everything a sender can get wrong is a
 * {@link dev.hookline.core.problem.ProblemException}: 400 for content that is not what it claims (with the NDJSON
 * line number), 413 for too many records, 415 for a media type {@link BodyFormat#AUTO} cannot split.
 *
 * <p>The body size is capped before this is called ({@code max_body_bytes}); the limits here bound what a small body
 * can still cost: fan-out into queue messages, and recursion in every later consumer of the tree.
 */
public final class RecordParser {

    /** One request may fan out to at most this many queue messages. */
    public static final int MAX_RECORDS = 10_000;
    /** Containers open at once; 64 covers real payloads, and deeper ones are built to break recursive consumers. */
    public static final int MAX_DEPTH = 64;

    private static final int MAX_ERROR_DETAIL = 200;

    // The parser enforces the depth while reading, so a hostile body never becomes a deep tree at all.
    private static final ObjectReader READER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build())
            .reader()
            // "{...} garbage" is not one JSON value; accepting it would silently drop the tail.
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private RecordParser() {
    }

    /** {@link #parse(byte[], String, BodyFormat, boolean)} with arrays expanded, the API's default. */
    public static List<JsonNode> parse(byte[] body, String contentType, BodyFormat format) {
        return parse(body, contentType, format, true);
    }

    /**
     * @param contentType  the request's {@code Content-Type}; only read when {@code format} is {@link BodyFormat#AUTO}
     * @param expandArrays a top-level JSON array becomes one record per element; otherwise one record holding it
     * @return the records in body order; empty only for a JSON {@code []} that is expanded
     */
    public static List<JsonNode> parse(byte[] body, String contentType, BodyFormat format, boolean expandArrays) {
        BodyFormat concrete = (format == null ? BodyFormat.AUTO : format).resolve(contentType);
        if (body == null || isBlank(body, 0, body.length)) {
            throw bad("the body is empty");
        }
        return switch (concrete) {
            case JSON -> json(body, expandArrays);
            case NDJSON -> ndjson(body);
            case FORM -> List.of(FormDecoder.decode(body));
            case AUTO -> throw new IllegalStateException("resolve() never returns AUTO");
        };
    }

    private static List<JsonNode> json(byte[] body, boolean expandArrays) {
        JsonNode root;
        try {
            root = READER.readTree(body);
        } catch (IOException e) {
            throw bad(describe("the body", e, true));
        }
        if (!root.isArray() || !expandArrays) {
            return List.of(root);
        }
        if (root.size() > MAX_RECORDS) {
            throw tooMany();
        }
        List<JsonNode> records = new ArrayList<>(root.size());
        root.forEach(records::add);
        return records;
    }

    /** One value per line; blank lines are tolerated (trailing newline, keep-alive padding) but still counted. */
    private static List<JsonNode> ndjson(byte[] body) {
        List<JsonNode> records = new ArrayList<>();
        int line = 0;
        for (int start = 0; start < body.length; ) {
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            line++;
            if (!isBlank(body, start, end)) {
                if (records.size() == MAX_RECORDS) {
                    throw tooMany();
                }
                try {
                    records.add(READER.readTree(body, start, end - start));
                } catch (IOException e) {
                    throw bad(describe("line " + line, e, false));
                }
            }
            start = end + 1;
        }
        return records;
    }

    private static boolean isBlank(byte[] body, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    /**
     * "{@code what} is not JSON: reason", with Jackson's reason cut short and without its source excerpt: the detail
     * goes back to an unauthenticated caller.
     */
    private static String describe(String what, IOException e, boolean withLocation) {
        String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        reason = reason == null ? "malformed" : reason.lines().findFirst().orElse("malformed");
        if (e instanceof StreamConstraintsException) {
            // Well-formed but over a parser limit; only depth is realistic once the body size is capped.
            return reason.contains("nesting depth")
                    ? what + " nests deeper than " + MAX_DEPTH + " levels"
                    : what + " exceeds a parser limit: " + shorten(reason);
        }
        reason = shorten(reason);
        if (withLocation && e instanceof JsonProcessingException j && j.getLocation() != null) {
            reason += " (line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() + ")";
        }
        return what + " is not JSON: " + reason;
    }

    private static String shorten(String reason) {
        return reason.length() > MAX_ERROR_DETAIL ? reason.substring(0, MAX_ERROR_DETAIL) + "…" : reason;
    }

    private static RuntimeException bad(String detail) {
        return Problem.of(ProblemType.BAD_REQUEST, detail).toException();
    }

    private static RuntimeException tooMany() {
        return Problem.of(ProblemType.PAYLOAD_TOO_LARGE,
                "the body holds more than " + MAX_RECORDS + " records; split it into smaller requests").toException();
    }
}
