package dev.hookline.core.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Port: published messages - and the outbox of fan-out. Storing a message is the one write of publishing: the
 * store's change stream hands every ready message to fan-out, so no second write (a queue send) can be lost
 * after the first. A scheduled message waits, stored, until the scheduler releases it.
 */
public interface MessageStore {
    /** Stores the message, ready for fan-out; false if the tenant already has a message with that id. */
    boolean create(Message message);

    /**
     * Stores messages whose ids are derived from what they stand for (an ingested record), ready for fan-out.
     * Storing one again is harmless: same id, same message, one fan-out.
     */
    void createAll(List<Message> messages);

    /** Stores the message to go out at its timestamp; the scheduler {@linkplain #release releases} it then. */
    void createScheduled(Message message);

    /** Makes a scheduled message ready for fan-out; false if it is not (or no longer) scheduled. */
    boolean release(String tenantId, String messageId);

    Optional<Message> get(String tenantId, String messageId);

    /** The tenant's messages, newest first; {@code cursor} is opaque (null for the first page). */
    SummaryPage page(String tenantId, String cursor, int limit);

    /** What a listing shows of a message: enough to find it, without its data. */
    record Summary(String id, String type, Instant timestamp) {
    }

    record SummaryPage(List<Summary> messages, String nextCursor) {
    }
}
