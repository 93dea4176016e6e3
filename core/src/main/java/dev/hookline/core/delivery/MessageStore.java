package dev.hookline.core.delivery;

import java.util.Optional;

/** Port: published messages. */
public interface MessageStore {
    /** Stores the message; false if the tenant already has a message with that id. */
    boolean create(Message message);

    Optional<Message> get(String tenantId, String messageId);
}
