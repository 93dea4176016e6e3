package dev.hookline.core.inbound;

import java.time.Instant;

/**
 * Port: dedup claims for inbound calls, held as a lease until the call's work is on the queue. A claim is
 * pending while its call runs, done once every record is queued (then a repeat is a duplicate of it), and
 * released when the call was refused or failed (then a repeat is accepted). The record id chosen by the first
 * call stays with the key through releases and expired leases, so a retry queues its records under the same
 * ids - and the FIFO deduplication ids derived from them drop whatever the first attempt already sent.
 */
public interface DedupStore {
    sealed interface Claim permits Claimed, Done, InFlight {
    }

    /** This call holds the lease until {@code leaseUntil}; {@code recordId} is fresh or the key's earlier one. */
    record Claimed(String recordId, boolean resumed) implements Claim {
    }

    /** An earlier call queued everything: a duplicate of that one. */
    record Done(String recordId) implements Claim {
    }

    /** Another call holds the lease and may still succeed or fail: come back after {@code leaseUntil}. */
    record InFlight(String recordId, Instant leaseUntil) implements Claim {
    }

    /**
     * Claims the key: {@code freshId} becomes its record id unless the key has one already; the claim lasts
     * until {@code expiresAt} once done, the lease until {@code leaseUntil}.
     */
    Claim claim(String scopedKey, String freshId, Instant now, Instant leaseUntil, Instant expiresAt);

    /** Everything is queued: the key answers as a duplicate until {@code expiresAt}. */
    void commit(String scopedKey, String recordId, Instant expiresAt);

    /** Nothing more will be queued by this call: the next call with the key is accepted (with the same id). */
    void release(String scopedKey, String recordId);
}
