package dev.hookline.core.inbound;

import java.time.Instant;
import java.util.Optional;

/**
 * Port: atomic dedup claims for inbound calls. The first caller's record id is stored with the claim, so
 * a duplicate - even one racing the first - answers with that id. A failed enqueue releases its claim so
 * the sender's retry is accepted.
 */
public interface DedupStore {
    /** Empty if this call claimed the key; otherwise the id recorded by the call that did. */
    Optional<String> claim(String scopedKey, String recordId, Instant now, Instant expiresAt);

    void release(String scopedKey);
}
