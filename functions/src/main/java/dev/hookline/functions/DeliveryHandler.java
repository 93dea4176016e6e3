package dev.hookline.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.hookline.core.delivery.DeliveryTask;
import dev.hookline.core.delivery.DeliveryWorker;
import dev.hookline.functions.log.Log;
import dev.hookline.functions.wiring.Wiring;
import dev.hookline.infrastructure.config.Environment;

import java.time.Clock;
import java.util.Map;

/** DeliveryFunction: one signed attempt per delivery task, the batch's records sent concurrently. */
public final class DeliveryHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final DeliveryWorker worker;
    private final Log log;

    public DeliveryHandler() {
        this(Environment.system().asMap());
    }

    public DeliveryHandler(Map<String, String> environment) {
        this(Wiring.from(new Environment(environment)));
    }

    public DeliveryHandler(Map<String, String> environment, Clock clock) {
        this(Wiring.from(new Environment(environment), clock));
    }

    public DeliveryHandler(Wiring wiring) {
        this.worker = wiring.deliveryWorker(wiring.newSender());
        this.log = wiring.log("delivery");
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return SqsBatch.process(event, record -> {
            DeliveryTask task = DeliveryTask.fromJson(record.getBody());
            DeliveryWorker.Result result = worker.attempt(task);
            log.info("delivery attempt", Map.of("delivery_id", task.deliveryId(), "result", result.name()));
        }, log);
    }
}
