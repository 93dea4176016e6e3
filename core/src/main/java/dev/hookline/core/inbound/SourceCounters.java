package dev.hookline.core.inbound;

import dev.hookline.core.inbound.source.Source;

import java.time.Instant;

/** Port: per-source counters ingest keeps (rate for backpressure, shed records, verification failures). */
public interface SourceCounters {
    /** Counts this call and answers how many calls the source had in the current second. */
    long perSecond(Source source, Instant now);

    void shed(Source source, int records, Instant now);

    /** Counts a failed verification; answers how many the source had in the current hour (all reasons). */
    long verificationFailed(Source source, String reason, Instant now);
}
