package dev.hookline.core.inbound.verify;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where a sender puts the time it signed, and in what unit. The time must itself be authenticated: in a header that
 * the signed content includes ({@code {timestamp}}), in the signature header's keyed pairs (Stripe, Paddle), or inside
 * the signed body (Linear's {@code webhookTimestamp}, in milliseconds).
 *
 * @param name a header name, or a JSON pointer into the body; {@code null} for NONE and SIGNATURE_HEADER
 */
public record TimestampRule(Source source, String name, boolean millis) {

    public enum Source {
        /** The sender signs no time: replays are caught only by deduplication. */
        NONE,
        HEADER,
        /** The keyed pair named by the layout's timestamp key. */
        SIGNATURE_HEADER,
        JSON_BODY
    }

    public static final TimestampRule NONE = new TimestampRule(Source.NONE, null, false);
    public static final TimestampRule SIGNATURE_HEADER = new TimestampRule(Source.SIGNATURE_HEADER, null, false);

    private static final ObjectMapper JSON = new ObjectMapper();
    /** 12 digits of seconds reach the year 33658; milliseconds get three more. Both keep parseLong from overflow. */
    private static final int MAX_SECOND_DIGITS = 12;

    public TimestampRule {
        Objects.requireNonNull(source, "source");
        if ((source == Source.HEADER || source == Source.JSON_BODY) != (name != null)) {
            throw new IllegalArgumentException(source + " timestamps " + (name == null ? "need" : "take no") + " name");
        }
    }

    public static TimestampRule header(String name) {
        return new TimestampRule(Source.HEADER, name, false);
    }

    public static TimestampRule jsonMillis(String pointer) {
        JsonPointer.compile(pointer);
        return new TimestampRule(Source.JSON_BODY, pointer, true);
    }

    public boolean signed() {
        return source != Source.NONE;
    }

    /** What a failure should name: the header, or the body field. */
    String describe(SignatureLayout layout) {
        return switch (source) {
            case NONE -> "timestamp";
            case HEADER -> name;
            case SIGNATURE_HEADER -> layout.header() + " " + layout.timestampKey() + "=";
            case JSON_BODY -> "body field " + name;
        };
    }

    /** The timestamp's text as sent (the signed content uses it verbatim), or empty when the request has none. */
    Optional<String> text(InboundRequest request, SignatureLayout.Received received) {
        return switch (source) {
            case NONE -> Optional.empty();
            case HEADER -> request.header(name);
            case SIGNATURE_HEADER -> Optional.ofNullable(received.timestamp());
            case JSON_BODY -> fromBody(request.rawBody());
        };
    }

    /** Whole Unix seconds (or milliseconds), digits only: no sign, no fraction, as every supported vendor sends. */
    OptionalLong epochSeconds(String text) {
        int maxDigits = millis ? MAX_SECOND_DIGITS + 3 : MAX_SECOND_DIGITS;
        if (text == null || text.isEmpty() || text.length() > maxDigits
                || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        long value = Long.parseLong(text);
        return OptionalLong.of(millis ? value / 1000 : value);
    }

    private Optional<String> fromBody(byte[] body) {
        try {
            JsonNode value = JSON.readTree(body).at(name);
            return value.isIntegralNumber() || value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
        } catch (IOException | RuntimeException notJson) {
            return Optional.empty();
        }
    }
}
