package dev.hookline.core.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.delivery.EventPublisher;
import dev.hookline.core.inbound.parse.ParsedRecord;
import dev.hookline.core.inbound.run.Run;
import dev.hookline.core.inbound.run.RunEvents;
import dev.hookline.core.inbound.run.RunStore;
import dev.hookline.core.inbound.source.Source;
import dev.hookline.core.inbound.source.SourceJson;
import dev.hookline.core.inbound.source.SourceSpecs;
import dev.hookline.core.inbound.trigger.RunStatus;
import dev.hookline.core.limits.ServiceLimits;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.ProblemType;
import dev.hookline.core.schedule.QueueSender;
import dev.hookline.core.schedule.WorkQueue;
import dev.hookline.core.wire.WireJson;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A trigger source's call becomes a run: its parameters mapped and checked, the run stored, then queued on the
 * runs queue - and {@code run.queued} published only once the queue has it.
 */
public final class TriggerIntake {
    private final SourceSpecs specs;
    private final RunStore runs;
    private final QueueSender queues;
    private final EventPublisher events;
    private final Clock clock;
    private final Duration retention;

    public TriggerIntake(SourceSpecs specs, RunStore runs, QueueSender queues, EventPublisher events, Clock clock,
                         Duration retention) {
        this.specs = specs;
        this.runs = runs;
        this.queues = queues;
        this.events = events;
        this.clock = clock;
        this.retention = retention;
    }

    IngestOutcome accept(Source source, IngestCall call, String runId, boolean resumed, Instant now) {
        SourceSpecs.Mapped mapped = mapped(source, call);
        String status = mapped.violations().isEmpty() ? "queued" : "failed_validation";
        Run run = new Run(runId, source.tenantId(), source.id(), mapped.pipeline(), mapped.version(), mapped.parameters(),
                status, mapped.violations(), null, now, now, now.plus(retention));
        if (!runs.create(run) && resumed) {
            // An earlier attempt of this call created the run and then failed or died: queue that run now.
            runs.transition(source.tenantId(), runId, "failed", "queued", null, now);
        }
        if (!mapped.violations().isEmpty()) {
            new RunEvents(events).publishQuietly(run, RunStatus.FAILED_VALIDATION);
            return new IngestOutcome.FailedValidation(runId);
        }
        ObjectNode message = SourceJson.MAPPER.createObjectNode()
                .put("run_id", runId).put("tenant_id", source.tenantId()).put("source_id", source.id())
                .put("pipeline", mapped.pipeline()).put("version", mapped.version()).put("received_at", now.toString());
        message.set("parameters", mapped.parameters());
        try {
            queues.send(WorkQueue.RUNS, WireJson.write(message), Duration.ZERO);
        } catch (RuntimeException e) {
            runs.transition(source.tenantId(), runId, "queued", "failed", "the runs queue was unavailable", clock.instant());
            throw e;
        }
        // Only once the runs queue has it: a run.queued event is never about a run that was not queued.
        new RunEvents(events).publishQuietly(run, RunStatus.QUEUED);
        return new IngestOutcome.Accepted(runId, "queued", 1, 0);
    }

    /** The call's parameters as the trigger maps them; refused when a strict trigger finds them invalid or too large. */
    private SourceSpecs.Mapped mapped(Source source, IngestCall call) {
        List<ParsedRecord> records = specs.parseRecords(source, call.body(), call.headers().get("content-type"));
        if (records.stream().anyMatch(r -> !r.files().isEmpty())) {
            throw Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, "A trigger takes multipart text fields only; file"
                    + " parts (and fields that are not short UTF-8 text) are accepted by stream sources.").toException();
        }
        JsonNode payload = records.size() == 1 ? records.getFirst().value()
                : SourceJson.MAPPER.valueToTree(records.stream().map(ParsedRecord::value).toList());
        SourceSpecs.Mapped mapped = specs.mapTrigger(source, payload);
        if (!mapped.violations().isEmpty() && mapped.strict()) {
            throw Problem.invalid("The call's parameters are not valid for this trigger.", mapped.violations().stream()
                    .map(v -> new Problem.FieldError(v.field(), v.message())).toList()).toException();
        }
        int parameterBytes = ServiceLimits.utf8Length(mapped.parameters().toString());
        if (parameterBytes > ServiceLimits.itemPayloadBytes()) {
            throw Problem.invalid("The run's parameters are " + parameterBytes + " bytes; a run is stored as one"
                    + " DynamoDB item (at most " + ServiceLimits.DYNAMODB_ITEM_BYTES + " bytes), so its parameters may"
                    + " have at most " + ServiceLimits.itemPayloadBytes() + ". Map fewer or smaller fields.",
                    List.of(new Problem.FieldError("parameters", "larger than a run can store"))).toException();
        }
        return mapped;
    }
}
