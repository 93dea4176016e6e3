package dev.hookline.core.inbound.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.ProblemType;
import dev.hookline.core.wire.RawJson;
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
    public static final int MAX_DEPTH = RawJson.MAX_DEPTH;

    private static final int MAX_ERROR_DETAIL = 200;

    private RecordParser() {
    }

    /** {@link #parse(byte[], String, BodyFormat, boolean)} with arrays expanded, the API's default. */
    public static List<JsonNode> parse(byte[] body, String contentType, BodyFormat format) {
        return parse(body, contentType, format, true);
    }

    /** The records' values only; see {@link #records}. */
    public static List<JsonNode> parse(byte[] body, String contentType, BodyFormat format, boolean expandArrays) {
        return records(body, contentType, format, expandArrays).stream().map(ParsedRecord::value).toList();
    }

    /**
     * @param contentType  the request's {@code Content-Type}; only read when {@code format} is {@link BodyFormat#AUTO}
     * @param expandArrays a top-level JSON array becomes one record per element; otherwise one record holding it
     * @return the records in body order, each with the sender's exact text (or bytes, for a form); empty only for a
     *         JSON {@code []} that is expanded
     */
    public static List<ParsedRecord> records(byte[] body, String contentType, BodyFormat format, boolean expandArrays) {
        BodyFormat concrete = (format == null ? BodyFormat.AUTO : format).resolve(contentType);
        if (body == null || isBlank(body, 0, body.length)) {
            throw bad("the body is empty");
        }
        return switch (concrete) {
            case JSON -> json(body, expandArrays);
            case NDJSON -> ndjson(body);
            case FORM -> List.of(ParsedRecord.form(FormDecoder.decode(body), body));
            case MULTIPART -> {
                MultipartDecoder.Decoded parts = MultipartDecoder.decode(body, contentType);
                yield List.of(ParsedRecord.multipart(parts.fields(), parts.files()));
            }
            case AUTO -> throw new IllegalStateException("resolve() never returns AUTO");
        };
    }

    private static List<ParsedRecord> json(byte[] body, boolean expandArrays) {
        try {
            if (!expandArrays) {
                RawJson.Value whole = RawJson.value(body, 0, body.length);
                return List.of(ParsedRecord.json(whole.value(), whole.text()));
            }
            return RawJson.elements(body, MAX_RECORDS, () -> {
                throw tooMany();
            }).stream().map(v -> ParsedRecord.json(v.value(), v.text())).toList();
        } catch (RawJson.Malformed e) {
            throw bad(describe("the body", e, true));
        }
    }

    /** One value per line; blank lines are tolerated (trailing newline, keep-alive padding) but still counted. */
    private static List<ParsedRecord> ndjson(byte[] body) {
        List<ParsedRecord> records = new ArrayList<>();
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
                    RawJson.Value v = RawJson.value(body, start, end - start);
                    records.add(ParsedRecord.json(v.value(), v.text()));
                } catch (RawJson.Malformed e) {
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
    private static String describe(String what, RawJson.Malformed e, boolean withLocation) {
        if (e.depth()) {
            return what + " nests deeper than " + MAX_DEPTH + " levels";
        }
        String reason = e.getMessage();
        if (reason.startsWith("exceeds a parser limit")) {
            return what + " " + reason;
        }
        reason = shorten(reason);
        if (withLocation && e.line() > 0) {
            reason += " (line " + e.line() + ", column " + e.column() + ")";
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
