package dev.hookline.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.hookline.core.delivery.Reconciler;
import dev.hookline.functions.log.Correlation;
import dev.hookline.functions.log.Log;
import dev.hookline.functions.wiring.Wiring;

import java.util.Map;

/**
 * SchedulerFunction: each tick passes over the due index - releases scheduled events, queues long retry waits
 * that came due, and re-queues (or, after a few tries, dead-letters) deliveries whose queue message was lost.
 */
public final class SchedulerHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {
    /** Bounded so one tick always ends well inside the function's timeout; the next tick continues. */
    static final int MAX_ITEMS_PER_TICK = 5_000;

    private final Reconciler reconciler;
    private final Log log;

    /** Lambda's entry: the root built from this execution environment's variables. */
    public SchedulerHandler() {
        this(Wiring.from(System.getenv()));
    }

    /** Tests' and the local runner's entry: a root they built (with their clock) for one execution environment. */
    public SchedulerHandler(Wiring wiring) {
        this.reconciler = wiring.reconciler();
        this.log = wiring.log("scheduler");
    }

    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        Correlation.begin(context);
        try {
            return tick();
        } finally {
            Correlation.end();
        }
    }

    private Map<String, Object> tick() {
        Reconciler.Pass pass = reconciler.pass(MAX_ITEMS_PER_TICK);
        Map<String, Object> result = Map.of("due_enqueued", pass.total(), "events_released", pass.released(),
                "deliveries_queued", pass.queued(), "deliveries_requeued", pass.requeued(),
                "deliveries_dead_lettered", pass.deadLettered(), "pull_leases_ended", pass.leasesEnded());
        if (pass.total() > 0) {
            log.info("due work", result);
        }
        return result;
    }
}
