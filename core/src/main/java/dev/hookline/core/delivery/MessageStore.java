package dev.hookline.core.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: published messages. */
public interface MessageStore {
    /** Stores the message; false if the tenant already has a message with that id. */
    boolean create(Message message);

    Optional<Message> get(String tenantId, String messageId);

    /** The tenant's messages, newest first; {@code cursor} is opaque (null for the first page). */
    SummaryPage page(String tenantId, String cursor, int limit);

    /** What a listing shows of a message: enough to find it, without its data. */
    record Summary(String id, String type, Instant timestamp) {
    }

    record SummaryPage(List<Summary> messages, String nextCursor) {
    }
}
