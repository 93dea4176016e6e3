package dev.hookline.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.hookline.core.delivery.Fanout;
import dev.hookline.core.delivery.FanoutTask;
import dev.hookline.functions.log.Log;
import dev.hookline.functions.wiring.Wiring;
import dev.hookline.infrastructure.config.Environment;

import java.time.Clock;
import java.util.Map;

/** FanoutFunction: expands each published message into one delivery per subscribed endpoint. */
public final class FanoutHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final Fanout fanout;
    private final Log log;
    /** Held so CRaC (which keeps resources weakly) does not drop it before the snapshot. */
    @SuppressWarnings("unused")
    private final Priming priming;

    public FanoutHandler() {
        this(Environment.system().asMap());
    }

    public FanoutHandler(Map<String, String> environment) {
        this(Wiring.from(new Environment(environment)));
    }

    public FanoutHandler(Map<String, String> environment, Clock clock) {
        this(Wiring.from(new Environment(environment), clock));
    }

    public FanoutHandler(Wiring wiring) {
        this.fanout = wiring.fanout();
        this.log = wiring.log("fanout");
        this.priming = Priming.register(wiring, () -> FanoutTask.fromJson(new FanoutTask("ten_warm", "msg_warm").toJson()));
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return SqsBatch.process(event, record -> {
            FanoutTask task = FanoutTask.fromJson(record.getBody());
            int deliveries = fanout.expand(task);
            log.info("fanned out", Map.of("message_id", task.messageId(), "deliveries", deliveries));
        }, log);
    }
}
