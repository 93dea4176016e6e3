package dev.hookline.core.inbound;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The names are a published interface: dashboards and alarms select the ingest metric by them. */
class IngestOutcomeTest {
    @Test
    void everyOutcomeHasItsPublishedMetricName() {
        assertEquals("accepted", new IngestOutcome.Accepted("run_1", "queued", 1, 0).metricName());
        assertEquals("duplicate", new IngestOutcome.Duplicate("run_1").metricName());
        assertEquals("handshake", new IngestOutcome.Handshake("{}").metricName());
        assertEquals("failed-validation", new IngestOutcome.FailedValidation("run_1").metricName());
    }
}
