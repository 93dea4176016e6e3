package dev.hookline.core.limits;

/**
 * The AWS limits a request must fit to be kept at all. Work that can never fit is refused for good (413/422,
 * naming the limit), never answered 503: a retry could not succeed either.
 */
public final class ServiceLimits {
    /** An SQS message body, and the whole of one SendMessageBatch request: 1 MiB. */
    public static final int SQS_MESSAGE_BYTES = 1_048_576;
    /** Entries in one SendMessageBatch request. */
    public static final int SQS_BATCH_ENTRIES = 10;
    /** A DynamoDB item: 400 KB, attribute names included. */
    public static final int DYNAMODB_ITEM_BYTES = 409_600;
    /**
     * What an item's own bookkeeping (keys, ids, times, index attributes, names) may take beside the payload it
     * carries; generous, so that a payload under {@link #itemPayloadBytes()} always fits.
     */
    public static final int ITEM_OVERHEAD_BYTES = 4_096;

    private ServiceLimits() {
    }

    /** The largest payload (event data, run parameters) one item can carry beside its bookkeeping. */
    public static int itemPayloadBytes() {
        return DYNAMODB_ITEM_BYTES - ITEM_OVERHEAD_BYTES;
    }

    /** Bytes of the text in UTF-8, counted without encoding it ; a lone surrogate counts 3 (an upper bound). */
    public static int utf8Length(CharSequence text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
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
