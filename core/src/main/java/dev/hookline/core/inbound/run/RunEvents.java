package dev.hookline.core.inbound.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.delivery.EventPublisher;
import dev.hookline.core.inbound.source.SourceJson;
import dev.hookline.core.inbound.trigger.RunStatus;
import dev.hookline.core.wire.WireJson;

/**
 * {@code run.*} events, one per (run, status): the event id is derived from both, so a repeated report or a resumed
 * ingest publishes once. Data: the run's id, source, pipeline, version, status, detail and parameters, and for
 * {@code run.failed_validation} the violations that refused it.
 */
public final class RunEvents {
    private final EventPublisher events;

    public RunEvents(EventPublisher events) {
        this.events = events;
    }

    /** Publishes the event of the run's current status; an already published one is left as it is. */
    public void publish(Run run, RunStatus status) {
        ObjectNode data = SourceJson.MAPPER.createObjectNode()
                .put("run_id", run.id()).put("source_id", run.sourceId()).put("pipeline", run.pipeline())
                .put("version", run.version()).put("status", status.wire()).put("detail", run.detail());
        data.set("parameters", run.parameters());
        if (status == RunStatus.FAILED_VALIDATION) {
            ArrayNode violations = data.putArray("violations");
            run.violations().forEach(v -> violations.addObject().put("field", v.field()).put("message", v.message()));
        }
        events.publishReport(run.tenantId(), status.eventType(), WireJson.write(data),
                "evt_" + run.id() + "_" + status.wire());
    }

    /**
     * At ingest the run is the promise and the event its report: a failure to publish must not undo an accepted call,
     * so it is swallowed (the run is in GET /v1/runs either way).
     */
    public void publishQuietly(Run run, RunStatus status) {
        try {
            publish(run, status);
        } catch (RuntimeException e) {
            // Best effort by design; see above.
        }
    }
}
