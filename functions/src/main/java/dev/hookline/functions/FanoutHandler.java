package dev.hookline.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.hookline.core.delivery.Fanout;
import dev.hookline.core.delivery.Message;
import dev.hookline.functions.log.Correlation;
import dev.hookline.functions.log.Log;
import dev.hookline.functions.wiring.Wiring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * FanoutFunction: the deliveries table's change stream, filtered (template.yaml) to messages that became ready,
 * expands each into one delivery per subscribed endpoint. Records run at once; a record that fails is reported by
 * its sequence number, and Lambda retries the batch from the first failure on (fan-out is idempotent per message
 * and endpoint, so the records after it that already succeeded change nothing when run again).
 */
public final class FanoutHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private final Fanout fanout;
    private final Function<Map<String, AttributeValue>, Message> messages;
    private final Log log;
    /** Held so CRaC (which keeps resources weakly) does not drop it before the snapshot. */
    @SuppressWarnings("unused")
    private final Priming priming;

    /** Lambda's entry: the root built from this execution environment's variables. */
    public FanoutHandler() {
        this(Wiring.from(System.getenv()));
    }

    /** Tests' and the local runner's entry: a root they built (with their clock) for one execution environment. */
    public FanoutHandler(Wiring wiring) {
        this.fanout = wiring.fanout();
        this.messages = wiring.streamMessages();
        this.log = wiring.log("fanout");
        this.priming = Priming.register(wiring, () -> warmUp(messages));
    }

    /** Loads the classes of the hot path: an image converted and read as a message. Nothing is kept. */
    static void warmUp(Function<Map<String, AttributeValue>, Message> messages) {
        var s = new AttributeValue().withS("warm");
        var n = new AttributeValue().withN("0");
        var at = new AttributeValue().withS("1970-01-01T00:00:00.000000000Z");
        messages.apply(Map.of("id", s, "tenant_id", s, "type", s, "data", s, "timestamp", at, "expires_at", n));
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        Correlation.begin(context);
        try {
            return fanOut(event);
        } finally {
            Correlation.end();
        }
    }

    private StreamsEventResponse fanOut(DynamodbEvent event) {
        List<DynamodbEvent.DynamodbStreamRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (DynamodbEvent.DynamodbStreamRecord record : records) {
                running.add(pool.submit(Correlation.carried(() -> expand(record))));
            }
            for (int i = 0; i < records.size(); i++) {
                try {
                    running.get(i).get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted during fan-out", e);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error crash) {
                        throw crash; // the invocation dies: Lambda retries the whole batch
                    }
                    String sequence = records.get(i).getDynamodb().getSequenceNumber();
                    log.error("record failed", Map.of("sequence_number", String.valueOf(sequence)), e.getCause());
                    failures.add(new StreamsEventResponse.BatchItemFailure(sequence));
                }
            }
        }
        return new StreamsEventResponse(failures);
    }

    private void expand(DynamodbEvent.DynamodbStreamRecord record) {
        Map<String, AttributeValue> image = record.getDynamodb() == null ? null : record.getDynamodb().getNewImage();
        if (image == null || image.isEmpty()) {
            return; // not a message that became ready (the filter lets none of these through)
        }
        Message message = messages.apply(image);
        Correlation.put(Correlation.TENANT_ID, message.tenantId());
        Correlation.put(Correlation.EVENT_ID, message.id());
        int deliveries = fanout.expand(message);
        log.info("fanned out", Map.of("message_id", message.id(), "deliveries", deliveries));
    }
}
