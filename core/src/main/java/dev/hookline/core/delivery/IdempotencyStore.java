package dev.hookline.core.delivery;

import java.time.Instant;

/**
 * Port: idempotency keys, claimed atomically. A claim is first marked in progress (a short lease), then
 * completed with the answer to replay; a failed request releases its claim so the caller can try again. The
 * message id is chosen at the first claim and kept while the key is in progress, so a request that died after
 * storing its event and is retried (once the lease ran out) names the same event instead of publishing a second.
 */
public interface IdempotencyStore {
    sealed interface Claim permits Claimed, Completed, InProgress {
    }

    /** Go ahead with {@code messageId}; {@code resumed} when an earlier attempt with the key died on the way. */
    record Claimed(String messageId, boolean resumed) implements Claim {
    }

    record Completed(String response) implements Claim {
    }

    /** Another request with the key is on it (or died on it) until {@code until}. */
    record InProgress(java.time.Instant until) implements Claim {
    }

    Claim claim(String scopedKey, String freshMessageId, Instant now, Instant expiresAt);

    void complete(String scopedKey, String response, Instant expiresAt);

    void release(String scopedKey);
}
