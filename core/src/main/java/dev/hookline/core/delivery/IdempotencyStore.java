package dev.hookline.core.delivery;

import java.time.Instant;
import java.util.Optional;

/**
 * Port: idempotency keys, claimed atomically. A claim is first marked in progress, then completed with
 * the answer to replay; a failed request releases its claim so the caller can try again.
 */
public interface IdempotencyStore {
    sealed interface Claim permits Claimed, Completed, InProgress {
    }

    record Claimed() implements Claim {
    }

    record Completed(String response) implements Claim {
    }

    record InProgress() implements Claim {
    }

    Claim claim(String scopedKey, Instant now, Instant expiresAt);

    void complete(String scopedKey, String response, Instant expiresAt);

    void release(String scopedKey);
}
