package dev.hookline.functions;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.hookline.functions.log.Correlation;
import dev.hookline.functions.log.Log;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs every record of an SQS batch at once (one virtual thread each), so a slow receiver holds up only its
 * own record, and reports the records that threw as batch item failures: SQS returns those after their
 * visibility timeout, and redrives a record that keeps failing to the queue's DLQ. An Error is not a record's
 * failure but the invocation's: it propagates, and Lambda leaves the whole batch on the queue.
 */
final class SqsBatch {
    private SqsBatch() {
    }

    static SQSBatchResponse process(SQSEvent event, Consumer<SQSEvent.SQSMessage> work, Log log) {
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (SQSEvent.SQSMessage record : records) {
                running.add(pool.submit(Correlation.carried(() -> {
                    Correlation.put(Correlation.MESSAGE_ID, record.getMessageId());
                    work.accept(record);
                })));
            }
            for (int i = 0; i < records.size(); i++) {
                try {
                    running.get(i).get();
                } catch (Exception e) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    if (cause instanceof Error crash) {
                        throw crash; // the invocation dies, as it would in Lambda: the whole batch comes back
                    }
                    log.error("record failed", Map.of("message_id", records.get(i).getMessageId()), cause);
                    failures.add(new SQSBatchResponse.BatchItemFailure(records.get(i).getMessageId()));
                }
            }
        }
        return new SQSBatchResponse(failures);
    }
}
