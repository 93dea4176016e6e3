package dev.hookline.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.hookline.core.delivery.DeliveryTask;
import dev.hookline.core.delivery.DeliveryWorker;
import dev.hookline.core.stats.BatchedDeliveryStats;
import dev.hookline.core.delivery.PullDeliveries;
import dev.hookline.functions.log.Correlation;
import dev.hookline.functions.log.Log;
import dev.hookline.functions.wiring.Wiring;

import java.util.Map;

/** DeliveryFunction: one signed attempt per delivery task (or a pull lease that ended), the batch's records concurrently. */
public final class DeliveryHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final DeliveryWorker worker;
    /** Per-endpoint counters of the batch, written once per endpoint when the batch ends. */
    private final BatchedDeliveryStats stats;
    private final PullDeliveries pulls;
    private final Log log;
    /** Held so CRaC (which keeps resources weakly) does not drop it before the snapshot. */
    @SuppressWarnings("unused")
    private final Priming priming;

    /** Lambda's entry: the root built from this execution environment's variables. */
    public DeliveryHandler() {
        this(Wiring.from(System.getenv()));
    }

    /** Tests' and the local runner's entry: a root they built (with their clock) for one execution environment. */
    public DeliveryHandler(Wiring wiring) {
        this.stats = wiring.batchedDeliveryStats();
        this.worker = wiring.deliveryWorker(); // counts into `stats`
        this.pulls = wiring.pullDeliveries();
        this.log = wiring.log("delivery");
        this.priming = Priming.register(wiring, DeliveryHandler::warmUp);
    }

    /** Loads the classes of the hot path: task JSON, payload rendering, HMAC signing. Nothing is kept. */
    static void warmUp() {
        DeliveryTask.fromJson(new DeliveryTask("ten_warm", "dlv_warm").toJson());
        byte[] body = dev.hookline.core.delivery.WebhookPayload.render(new dev.hookline.core.delivery.Message(
                "msg_warm", "ten_warm", "warm.up", "{}", java.time.Instant.EPOCH, java.time.Instant.EPOCH));
        dev.hookline.core.signing.WebhookSigner.v1(dev.hookline.core.signing.SigningSecret.ofBytes(new byte[32]),
                "msg_warm", 0, body);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        Correlation.begin(context);
        try {
            return deliver(event);
        } finally {
            Correlation.end();
        }
    }

    private SQSBatchResponse deliver(SQSEvent event) {
        SQSBatchResponse response = SqsBatch.process(event, record -> {
            DeliveryTask task = DeliveryTask.fromJson(record.getBody());
            Correlation.put(Correlation.TENANT_ID, task.tenantId());
            Correlation.put(Correlation.DELIVERY_ID, task.deliveryId());
            // A task with a lease id is a pull lease's timer; any other is an attempt to push.
            DeliveryWorker.Result result = task.leaseId() != null ? pulls.expire(task) : worker.attempt(task);
            log.info("delivery attempt", Map.of("delivery_id", task.deliveryId(), "result", result.name()));
        }, log);
        try {
            stats.flush();
        } catch (RuntimeException e) {
            // Statistics only: the attempts are recorded; the counts stay pending for the next batch's flush.
            log.error("stats flush failed", Map.of("pending", stats.pendingBuckets()), e);
        }
        return response;
    }
}
