package dev.hookline.core.outbound;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one delivery attempt means for the delivery and the endpoint. Built by {@link AttemptClassifier}.
 *
 * @param verdict        what to do next
 * @param retryNotBefore for {@link Verdict#RETRY}, the earliest retry time the receiver asked for via Retry-After
 *                       (already capped); the scheduler uses the later of this and the policy's backoff
 * @param reason         a stable code for the attempt record and metrics, e.g. {@code server_error}, {@code timeout}
 */
public record AttemptOutcome(Verdict verdict, Optional<Instant> retryNotBefore, String reason) {

    public enum Verdict {
        /** 2xx: done. */
        SUCCEEDED,
        /** Transient (throttled, unavailable, timed out, unreachable): retry per policy, honouring Retry-After. */
        RETRY,
        /** The receiver rejected or mishandled it: count as a failure and retry per policy. */
        FAILED_RETRYABLE,
        /** 410 Gone: the receiver says this URL is retired; stop sending to the endpoint. */
        DISABLE_ENDPOINT
    }

    public AttemptOutcome {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(retryNotBefore, "retryNotBefore");
        Objects.requireNonNull(reason, "reason");
    }

    public boolean succeeded() {
        return verdict == Verdict.SUCCEEDED;
    }

    /** Whether another attempt should be scheduled (the policy's attempt budget still decides if there is one). */
    public boolean retryable() {
        return verdict == Verdict.RETRY || verdict == Verdict.FAILED_RETRYABLE;
    }
}
