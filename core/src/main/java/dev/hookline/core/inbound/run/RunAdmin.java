package dev.hookline.core.inbound.run;

import dev.hookline.core.access.Caller;
import dev.hookline.core.delivery.EventPublisher;
import dev.hookline.core.inbound.trigger.RunStatus;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.ProblemType;

import java.time.Clock;
import java.util.List;

/**
 * Runs as the pipeline runner reports them. Each change publishes {@code run.started|succeeded|failed|
 * cancelled} through the normal delivery path, with an event id derived from (run, status) so a repeated
 * report publishes once.
 */
public final class RunAdmin {
    private final RunStore runs;
    private final EventPublisher events;
    private final Clock clock;

    public RunAdmin(RunStore runs, EventPublisher events, Clock clock) {
        this.runs = runs;
        this.events = events;
        this.clock = clock;
    }

    public Run get(Caller caller, String id) {
        return runs.get(caller.tenantId(), id)
                .orElseThrow(() -> Problem.of(ProblemType.NOT_FOUND, "No run " + id + ".").toException());
    }

    public RunStore.RunPage list(Caller caller, String sourceId, String status, String cursor, int limit) {
        if (status != null) {
            try {
                RunStatus.fromWire(status);
            } catch (RuntimeException e) {
                throw Problem.invalid("Unknown run status '" + status + "'.", List.of(new Problem.FieldError("status",
                        "must be one of queued, failed_validation, started, succeeded, failed, cancelled"))).toException();
            }
        }
        return runs.list(caller.tenantId(), sourceId, status, cursor, limit);
    }

    public Run report(Caller caller, String id, String statusWire, String detail) {
        RunStatus next = parseStatus(statusWire, "status");
        if (!next.isReportable()) {
            throw Problem.invalid("A pipeline runner reports started, succeeded, failed or cancelled.", List.of(
                    new Problem.FieldError("status", "must be one of started, succeeded, failed, cancelled"))).toException();
        }
        if (detail != null && detail.length() > 2000) {
            throw Problem.invalid("detail is too long.", List.of(new Problem.FieldError("detail", "must be at most 2000 characters"))).toException();
        }
        String notText = dev.hookline.core.wire.PlainText.problem(detail, true);
        if (notText != null) {
            throw Problem.invalid("detail is not plain text.", List.of(new Problem.FieldError("detail", notText))).toException();
        }
        Run run = get(caller, id);
        RunStatus current = RunStatus.fromWire(run.status());
        if (current == next) {
            // A repeated report: the first may have died between the change and its event. The event's id comes
            // from (run, status), so publishing again publishes it at most once.
            new RunEvents(events).publish(run, next);
            return run;
        }
        if (!current.canMoveTo(next)) {
            throw Problem.of(ProblemType.CONFLICT, "A " + current.wire() + " run cannot become " + next.wire() + ".").toException();
        }
        if (!runs.transition(caller.tenantId(), id, current.wire(), next.wire(), detail, clock.instant())) {
            throw Problem.of(ProblemType.CONFLICT, "The run changed meanwhile; read it and report again.").toException();
        }
        Run updated = get(caller, id);
        new RunEvents(events).publish(updated, next);
        return updated;
    }

    private static RunStatus parseStatus(String value, String field) {
        try {
            return RunStatus.fromWire(value);
        } catch (RuntimeException e) {
            throw Problem.invalid("Unknown run status '" + value + "'.", List.of(new Problem.FieldError(field,
                    "must be one of started, succeeded, failed, cancelled"))).toException();
        }
    }
}
