package dev.hookline.core.inbound.parse;

import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.ProblemType;
import java.util.Locale;
import java.util.Optional;

/**
 * How an ingest body is split into records. A stream source pins one format; {@link #AUTO} lets each request's
 * {@code Content-Type} decide, for senders that mix formats behind one URL.
 */
public enum BodyFormat {
    JSON("json"),
    NDJSON("ndjson"),
    FORM("form"),
    MULTIPART("multipart"),
    AUTO("auto");

    private final String wire;

    BodyFormat(String wire) {
        this.wire = wire;
    }

    /** The API spelling ({@code "json"}, {@code "ndjson"}, {@code "form"}, {@code "multipart"}, {@code "auto"}). */
    public String wire() {
        return wire;
    }

    public static Optional<BodyFormat> fromWire(String value) {
        for (BodyFormat f : values()) {
            if (f.wire.equals(value)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * The concrete format for a request: a pinned format wins over the header (senders often label JSON as
     * {@code text/plain}); {@link #AUTO} reads the media type and refuses anything it cannot split with a 415.
     */
    public BodyFormat resolve(String contentType) {
        if (this != AUTO) {
            return this;
        }
        String media = mediaType(contentType);
        if (media.equals("application/json") || media.startsWith("application/") && media.endsWith("+json")) {
            return JSON;
        }
        if (media.equals("application/x-ndjson") || media.equals("application/ndjson")
                || media.equals("application/jsonl")) {
            return NDJSON;
        }
        if (media.equals("application/x-www-form-urlencoded")) {
            return FORM;
        }
        if (media.equals("multipart/form-data")) {
            return MULTIPART;
        }
        throw Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, media.isEmpty()
                ? "a Content-Type is required: application/json, application/x-ndjson, "
                        + "application/x-www-form-urlencoded or multipart/form-data"
                : "content type '" + media + "' is not supported: use application/json, application/x-ndjson, "
                        + "application/x-www-form-urlencoded or multipart/form-data").toException();
    }

    /** {@code "Application/JSON; charset=utf-8"} -> {@code "application/json"}; null -> empty. */
    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        String media = semi < 0 ? contentType : contentType.substring(0, semi);
        return media.strip().toLowerCase(Locale.ROOT);
    }
}
