package dev.hookline.functions;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.hookline.functions.log.Correlation;
import dev.hookline.functions.log.Log;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SQS partial-batch handling (Powertools' batch module is not served here, so this is ours). */
@Timeout(30)
class SqsBatchTest {
    private static final Log LOG = Log.of("test");

    @AfterEach
    void clean() {
        MDC.clear();
    }

    @Test
    void onlyTheRecordsThatThrewAreReportedAndEveryRecordRuns() {
        Set<String> ran = ConcurrentHashMap.newKeySet();
        SQSBatchResponse response = SqsBatch.process(event("m1", "m2", "m3", "m4"), record -> {
            ran.add(record.getMessageId());
            if (record.getMessageId().equals("m2") || record.getMessageId().equals("m4")) {
                throw new IllegalStateException("endpoint store down");
            }
        }, LOG);

        assertEquals(Set.of("m1", "m2", "m3", "m4"), ran);
        assertEquals(List.of("m2", "m4"), failed(response), "in the batch's order");
    }

    @Test
    void aBatchWithoutFailuresReportsNone() {
        assertEquals(List.of(), failed(SqsBatch.process(event("m1", "m2"), record -> { }, LOG)));
        assertEquals(List.of(), failed(SqsBatch.process(new SQSEvent(), record -> { }, LOG)), "no records at all");
    }

    @Test
    void anErrorFailsTheWholeInvocation() {
        OutOfMemoryError crash = new OutOfMemoryError("simulated");
        OutOfMemoryError thrown = assertThrows(OutOfMemoryError.class, () -> SqsBatch.process(event("m1", "m2"),
                record -> {
                    if (record.getMessageId().equals("m2")) {
                        throw crash;
                    }
                }, LOG));
        assertSame(crash, thrown);
    }

    @Test
    void recordsRunAtOnceSoASlowOneHoldsUpOnlyItself() {
        CountDownLatch secondStarted = new CountDownLatch(1);
        SQSBatchResponse response = SqsBatch.process(event("slow", "fast"), record -> {
            if (record.getMessageId().equals("fast")) {
                secondStarted.countDown();
                return;
            }
            try {
                // Run one after the other, this would wait for a record that has not started: it would fail.
                if (!secondStarted.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the other record never ran alongside");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }, LOG);
        assertEquals(List.of(), failed(response));
    }

    @Test
    void eachRecordLogsWithTheInvocationsIdsAndItsOwnMessageId() {
        MDC.put(Correlation.REQUEST_ID, "req-1");
        Map<String, Map<String, String>> seen = new ConcurrentHashMap<>();
        SqsBatch.process(event("m1", "m2"), record -> seen.put(record.getMessageId(), MDC.getCopyOfContextMap()), LOG);

        assertEquals(Map.of(Correlation.REQUEST_ID, "req-1", Correlation.MESSAGE_ID, "m1"), seen.get("m1"));
        assertEquals(Map.of(Correlation.REQUEST_ID, "req-1", Correlation.MESSAGE_ID, "m2"), seen.get("m2"));
        assertNull(MDC.get(Correlation.MESSAGE_ID), "a record's id does not leak into the invocation's thread");
        assertTrue("req-1".equals(MDC.get(Correlation.REQUEST_ID)));
    }

    private static SQSEvent event(String... ids) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (String id : ids) {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId(id);
            message.setBody("{}");
            records.add(message);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private static List<String> failed(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .toList();
    }
}
