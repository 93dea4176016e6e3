package dev.hookline.local.aws;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What Amazon SQS refuses, as its API reference states it (SendMessage, SendMessageBatch, ChangeMessageVisibility;
 * checked against the service model of 2025 and later): a message is at most 1 MiB (1,048,576 bytes) counting its
 * body and every message attribute's name, data type and value in UTF-8; a batch holds 1 to 10 entries with distinct
 * ids of 1 to 80 letters, digits, hyphens or underscores and at most 1 MiB of messages in all; bodies and string
 * attribute values hold only #x9 #xA #xD #x20-#xD7FF #xE000-#xFFFD #x10000-#x10FFFF; a visibility timeout is 0 to
 * 43,200 s. Each refusal carries the error AWS answers with, so the SDK raises the same exception type.
 */
public final class SqsLimits {
    public static final int MAX_MESSAGE_BYTES = 1_048_576;
    public static final int MAX_BATCH_ENTRIES = 10;
    public static final int MAX_VISIBILITY_TIMEOUT = 43_200;
    private static final Pattern BATCH_ENTRY_ID = Pattern.compile("[A-Za-z0-9_-]{1,80}");

    private SqsLimits() {
    }

    /**
     * An SQS error as the JSON protocol carries it: the model's shape name (the {@code __type}, from which the SDK
     * picks the exception class) and the query-compatible code (header {@code x-amzn-query-error}, the SDK's
     * {@code errorCode()}).
     */
    public record Refusal(String shape, String queryCode, String message) {
        static Refusal invalidParameterValue(String message) {
            return new Refusal("InvalidParameterValue", "InvalidParameterValue", message);
        }

        static Refusal invalidMessageContents() {
            return new Refusal("InvalidMessageContents", "InvalidMessageContents",
                    "Invalid characters found. Only #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF are allowed.");
        }

        static Refusal batch(String shape, String message) {
            return new Refusal(shape, "AWS.SimpleQueueService." + shape, message);
        }
    }

    /** The characters SQS accepts in bodies and attribute values (the XML 1.0 Char production). */
    public static boolean allowed(int codePoint) {
        return codePoint == 0x9 || codePoint == 0xA || codePoint == 0xD
                || (codePoint >= 0x20 && codePoint <= 0xD7FF)
                || (codePoint >= 0xE000 && codePoint <= 0xFFFD)
                || (codePoint >= 0x10000 && codePoint <= 0x10FFFF);
    }

    static boolean allowedText(String text) {
        // A lone surrogate comes out of codePoints() as itself (0xD800-0xDFFF), which allowed() refuses.
        return text == null || text.codePoints().allMatch(SqsLimits::allowed);
    }

    /** A message's size as SQS counts it: body plus each attribute's name, data type and value, in bytes. */
    static long size(JsonNode message) {
        long size = utf8(text(message, "MessageBody"));
        JsonNode attributes = message.get("MessageAttributes");
        if (attributes != null && attributes.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> attribute = it.next();
                JsonNode value = attribute.getValue();
                size += utf8(attribute.getKey()) + utf8(text(value, "DataType")) + utf8(text(value, "StringValue"));
                String binary = text(value, "BinaryValue");
                if (binary != null) {
                    size += Base64.getDecoder().decode(binary).length;
                }
            }
        }
        return size;
    }

    /** Whether the body and every string attribute value hold only allowed characters. */
    static boolean validContents(JsonNode message) {
        if (!allowedText(text(message, "MessageBody"))) {
            return false;
        }
        JsonNode attributes = message.get("MessageAttributes");
        if (attributes != null && attributes.isObject()) {
            for (JsonNode value : attributes) {
                if (!allowedText(text(value, "StringValue"))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** SendMessage: characters first (AWS's modeled error), then size. */
    static Optional<Refusal> checkSend(JsonNode request) {
        if (!validContents(request)) {
            return Optional.of(Refusal.invalidMessageContents());
        }
        long size = size(request);
        if (size > MAX_MESSAGE_BYTES) {
            return Optional.of(Refusal.invalidParameterValue("One or more parameters are invalid. Reason: Message must be shorter than "
                    + MAX_MESSAGE_BYTES + " bytes."));
        }
        return Optional.empty();
    }

    /** Any batch request: 1 to 10 entries, distinct well-formed ids. */
    static Optional<Refusal> checkBatchShape(JsonNode request) {
        JsonNode entries = request.get("Entries");
        int count = entries == null || !entries.isArray() ? 0 : entries.size();
        if (count == 0) {
            return Optional.of(Refusal.batch("EmptyBatchRequest", "There should be at least one entry in the request."));
        }
        if (count > MAX_BATCH_ENTRIES) {
            return Optional.of(Refusal.batch("TooManyEntriesInBatchRequest",
                    "Maximum number of entries per request are " + MAX_BATCH_ENTRIES + ". You have sent " + count + "."));
        }
        Set<String> ids = new HashSet<>();
        for (JsonNode entry : entries) {
            String id = text(entry, "Id");
            if (id == null || !BATCH_ENTRY_ID.matcher(id).matches()) {
                return Optional.of(Refusal.batch("InvalidBatchEntryId", "A batch entry id can only contain alphanumeric characters, "
                        + "hyphens and underscores. It can be at most 80 letters long."));
            }
            if (!ids.add(id)) {
                return Optional.of(Refusal.batch("BatchEntryIdsNotDistinct", "Id " + id + " repeated."));
            }
        }
        return Optional.empty();
    }

    /** SendMessageBatch as a whole: its shape, then the sum of its messages' sizes. */
    static Optional<Refusal> checkSendBatch(JsonNode request) {
        Optional<Refusal> shape = checkBatchShape(request);
        if (shape.isPresent()) {
            return shape;
        }
        long total = 0;
        for (JsonNode entry : request.get("Entries")) {
            total += size(entry);
        }
        if (total > MAX_MESSAGE_BYTES) {
            return Optional.of(Refusal.batch("BatchRequestTooLong",
                    "Batch requests cannot be longer than " + MAX_MESSAGE_BYTES + " bytes. You have sent " + total + " bytes."));
        }
        return Optional.empty();
    }

    static Optional<Refusal> checkVisibilityTimeout(JsonNode request) {
        JsonNode timeout = request.get("VisibilityTimeout");
        if (timeout != null && timeout.canConvertToLong() && (timeout.asLong() < 0 || timeout.asLong() > MAX_VISIBILITY_TIMEOUT)) {
            return Optional.of(Refusal.invalidParameterValue("Value " + timeout.asLong()
                    + " for parameter VisibilityTimeout is invalid. Reason: VisibilityTimeout must be an integer between 0 and "
                    + MAX_VISIBILITY_TIMEOUT + "."));
        }
        return Optional.empty();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static long utf8(String text) {
        if (text == null) {
            return 0;
        }
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
