package dev.hookline.core.inbound;

/** What an accepted call answers; refusals are problems (401, 403, 404, 413, 422, 429, 503). */
public sealed interface IngestOutcome {

    /**
     * The outcome's name in logs and in the ingest metric's dimension. Written out, not derived from the class
     * name: renaming a record must not rename a CloudWatch metric and break its alarms.
     */
    String metricName();

    /** 202: a run was queued (trigger) or records were queued (stream). */
    record Accepted(String id, String status, int records, int shed) implements IngestOutcome {
        @Override
        public String metricName() {
            return "accepted";
        }
    }

    /** 200: seen before within the dedup window; the first call's id. */
    record Duplicate(String id) implements IngestOutcome {
        @Override
        public String metricName() {
            return "duplicate";
        }
    }

    /** 200 with a body the sender's handshake expects (Slack url_verification, Zoom url_validation). */
    record Handshake(String json) implements IngestOutcome {
        @Override
        public String metricName() {
            return "handshake";
        }
    }

    /** 202 for a non-strict trigger whose parameters failed validation: recorded as a failed run. */
    record FailedValidation(String id) implements IngestOutcome {
        @Override
        public String metricName() {
            return "failed-validation";
        }
    }
}
