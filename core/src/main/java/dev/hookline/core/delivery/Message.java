package dev.hookline.core.delivery;

import java.time.Instant;

/**
 * A published event: its type and its data as the exact JSON text the receiver will get.
 *
 * @param category     the category its type had in the tenant's catalog when it was published (null: none, or one of
 *                     Hookline's own types), fixed then so fan-out needs no catalog lookup
 * @param metadataJson the publisher's {@code metadata} object as its exact text, delivered beside {@code data}; null
 *                     when none was given
 */
public record Message(String id, String tenantId, String type, String dataJson, Instant timestamp, Instant expiresAt,
                      String category, String metadataJson) {

    public Message(String id, String tenantId, String type, String dataJson, Instant timestamp, Instant expiresAt) {
        this(id, tenantId, type, dataJson, timestamp, expiresAt, null, null);
    }
}
