package dev.hookline.core.inbound.source;

import dev.hookline.core.inbound.verify.VerificationFailure;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Port: per-source counters ingest keeps (rate for backpressure, the source's backlog, shed and quarantined records,
 * verification failures).
 */
public interface SourceCounters {
    /**
     * How long a queued record counts toward its source's backlog. The streams queue is read by the tenant's own
     * consumer, which cannot tell Hookline what it took, so a source's backlog is estimated as the records it queued
     * within this sliding window: a consumer that keeps up drains well within it.
     */
    Duration BACKLOG_WINDOW = Duration.ofMinutes(5);

    /**
     * Adds {@code records} to the source's backlog estimate (negative to take back records that were refused or
     * not sent) and answers the estimate including them.
     */
    long backlog(Source source, long records, Duration window, Instant now);

    void quarantined(Source source, int records, Instant now);

    /** Hourly totals from {@code since} (its hour included) to now: counter name to sum. */
    Map<String, Long> totals(Source source, Instant since);

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
