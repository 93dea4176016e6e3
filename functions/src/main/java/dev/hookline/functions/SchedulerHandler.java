package dev.hookline.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.hookline.core.schedule.DueWorkSweeper;
import dev.hookline.functions.log.Log;
import dev.hookline.functions.wiring.Wiring;
import dev.hookline.infrastructure.config.Environment;

import java.time.Clock;
import java.util.Map;

/** SchedulerFunction: each tick moves due work (long retry waits, probes) onto its queue. */
public final class SchedulerHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {
    /** Bounded so one tick always ends well inside the function's timeout; the next tick continues. */
    static final int MAX_ITEMS_PER_TICK = 5_000;

    private final DueWorkSweeper dueWork;
    private final Log log;

    public SchedulerHandler() {
        this(Environment.system().asMap());
    }

    public SchedulerHandler(Map<String, String> environment) {
        this(Wiring.from(new Environment(environment)));
    }

    /** The local runner's entry when tests control time. */
    public SchedulerHandler(Map<String, String> environment, Clock clock) {
        this(Wiring.from(new Environment(environment), clock));
    }

    public SchedulerHandler(Wiring wiring) {
        this.dueWork = wiring.dueWork();
        this.log = wiring.log("scheduler");
    }

    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        int moved = dueWork.sweep(100, MAX_ITEMS_PER_TICK);
        if (moved > 0) {
            log.info("due work enqueued", Map.of("count", moved));
        }
        return Map.of("due_enqueued", moved);
    }
}
