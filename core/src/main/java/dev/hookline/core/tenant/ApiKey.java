package dev.hookline.core.tenant;

import java.time.Instant;

/**
 * A tenant's API key as stored: only the SHA-256 of the key (keys carry 256 random bits, so a fast hash
 * is enough) and a short display hint. The key itself exists only in the response that created it.
 */
public record ApiKey(String id, String tenantId, String name, String keyHash, String hint, Instant createdAt) {
}
