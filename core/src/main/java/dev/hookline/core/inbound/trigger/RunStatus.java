package dev.hookline.core.inbound.trigger;

import java.util.Locale;
import java.util.Set;

/**
 * Where a run triggered by a source stands. Runs start {@link #QUEUED} (or {@link #FAILED_VALIDATION} when a
 * non-strict source records a call whose parameters did not validate); the pipeline runner reports the rest.
 *
 * <p>Runners report over the network and retry, so reports arrive late, twice or out of order: repeating the current
 * status is accepted as a no-op, and a final status never changes, so a late {@code started} cannot reopen a run.
 */
public enum RunStatus {
    QUEUED,
    FAILED_VALIDATION,
    STARTED,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    /** The API spelling, e.g. {@code failed_validation}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything but one of the six wire names */
    public static RunStatus fromWire(String value) {
        for (RunStatus s : values()) {
            if (s.wire().equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown run status '" + value + "'");
    }

    public boolean isFinal() {
        return this != QUEUED && this != STARTED;
    }

    /** Whether a runner may report it ({@code POST /v1/runs/{id}/status}); the other two are ours to set. */
    public boolean isReportable() {
        return this == STARTED || this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /**
     * Whether a run in this status may be reported as {@code next}. The same status is allowed and changes nothing
     * (compare before writing or publishing). A queued run may finish without a {@code started}: a fast runner's
     * start report can be lost or overtaken.
     */
    public boolean canMoveTo(RunStatus next) {
        if (next == this) {
            return true;
        }
        return switch (this) {
            case QUEUED -> Set.of(STARTED, SUCCEEDED, FAILED, CANCELLED).contains(next);
            case STARTED -> Set.of(SUCCEEDED, FAILED, CANCELLED).contains(next);
            case SUCCEEDED, FAILED, CANCELLED, FAILED_VALIDATION -> false;
        };
    }

    /**
     * The event published when a run enters this status: {@code run.queued} and {@code run.failed_validation} when a
     * trigger creates it, the others as its runner reports.
     */
    public String eventType() {
        return "run." + wire();
    }
}
