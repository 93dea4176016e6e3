package dev.hookline.core.inbound.run;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: runs by (tenant, id), listed newest first by tenant, optionally by source and status. */
public interface RunStore {
    /** Stores the run; false if a run with its id exists (a retried call resuming its own run). */
    boolean create(Run run);

    Optional<Run> get(String tenantId, String runId);

    /** Moves the run from {@code from} to {@code to}; false if its status was no longer {@code from}. */
    boolean transition(String tenantId, String runId, String from, String to, String detail, Instant at);

    record RunPage(List<Run> runs, String nextCursor) {
    }

    RunPage list(String tenantId, String sourceId, String status, String cursor, int limit);
}
