package dev.hookline.core.inbound.verify;

import java.util.List;
import java.util.Objects;

/**
 * Where a sender puts the id it keeps identical across its retries: the first of {@code headers} present, else the
 * body's {@code jsonPointer}. Deduplication keys on it, so a retried (or, for senders that sign no time, replayed)
 * event is stored once.
 */
public record SenderEventId(List<String> headers, String jsonPointer) {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** For senders with no documented id: deduplication falls back to the body's hash. */
    public static final SenderEventId NONE = new SenderEventId(List.of(), null);

    public SenderEventId {
        headers = List.copyOf(Objects.requireNonNull(headers, "headers"));
    }

    public static SenderEventId header(String... names) {
        return new SenderEventId(List.of(names), null);
    }

    public static SenderEventId jsonPointer(String pointer) {
        return new SenderEventId(List.of(), pointer);
    }
}
