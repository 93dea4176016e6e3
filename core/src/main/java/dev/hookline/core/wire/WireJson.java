package dev.hookline.core.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The one codec for JSON that Hookline writes to a queue or a table. SQS refuses lone surrogates, U+FFFE, U+FFFF
 * and most control characters in a message body, and DynamoDB strings must be valid UTF-8; a JSON string may hold
 * all of them ({@code "\ud800"}). Written here with every non-ASCII character escaped, any Java string survives
 * the trip and reads back as the same code units: nothing a sender sent is refused or turned into {@code ?}.
 *
 * <p>Where the exact bytes matter (a publisher's {@code data}, a stream record) the sender's own JSON text travels
 * verbatim when the queue accepts it ({@link #queueSafe}); otherwise it goes as {@link #base64} beside an escaped copy.
 */
public final class WireJson {
    /** Reads like any mapper; writes ASCII only, so its output is valid UTF-8 and every queue accepts it. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .build();

    private WireJson() {
    }

    /** {@code value} as ASCII-only JSON text. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** JSON text as a tree; text this class wrote always reads back. */
    public static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** {@code value} as a JSON string literal (quotes included), ASCII only. */
    public static String quote(String value) {
        return write(value);
    }

    /**
     * Whether SQS takes {@code text} as it is: only #x9, #xA, #xD, #x20-#xD7FF, #xE000-#xFFFD and
     * #x10000-#x10FFFF (as well-formed surrogate pairs). DynamoDB takes every such string too.
     */
    public static boolean queueSafe(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20) {
                if (c != '\t' && c != '\n' && c != '\r') {
                    return false;
                }
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
                return false;
            }
        }
        return true;
    }

    /** The bytes as text if they are well-formed UTF-8 (no surrogates, no overlong forms); else empty. */
    public static Optional<String> utf8(byte[] bytes, int offset, int length) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    public static Optional<String> utf8(byte[] bytes) {
        return utf8(bytes, 0, bytes.length);
    }

    /** Bytes that are not text (a form's body, say) as standard base64 with padding. */
    public static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
