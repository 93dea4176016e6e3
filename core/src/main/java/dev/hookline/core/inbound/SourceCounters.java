package dev.hookline.core.inbound;

import dev.hookline.core.inbound.source.Source;
import dev.hookline.core.inbound.verify.VerificationFailure;

import java.time.Instant;

/** Port: per-source counters ingest keeps (rate for backpressure, shed records, verification failures). */
public interface SourceCounters {
    /** Counts this call and answers how many calls the source had in the current second. */
    long perSecond(Source source, Instant now);

    void shed(Source source, int records, Instant now);

    /** Counts a failed verification; answers how many the source had in the current hour (all reasons). */
    long verificationFailed(Source source, String reason, Instant now);

    /**
     * Keeps the failure among the source's last {@link VerificationFailureLog#KEPT}: the {@code countThisHour}-th
     * failure of its hour (from {@link #verificationFailed}) overwrites a bounded slot, so a flood of bad calls
     * costs one small write each and never grows storage.
     */
    void keepFailure(Source source, VerificationFailure failure, long countThisHour);
}
