package dev.hookline.core.delivery;

import java.time.Instant;

/** A published event: its type and its data as the exact JSON text the receiver will get. */
public record Message(String id, String tenantId, String type, String dataJson, Instant timestamp, Instant expiresAt) {
}
