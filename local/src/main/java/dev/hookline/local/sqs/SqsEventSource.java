package dev.hookline.local.sqs;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.hookline.core.fault.FaultPoint;
import dev.hookline.local.faults.FaultInjector;
import dev.hookline.local.runtime.LocalFunction;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static dev.hookline.local.runtime.Pause.sleep;

/**
 * Lambda's SQS event source mapping, locally: long-polls the queue, gathers up to the batch size (waiting
 * up to the batching window), invokes the function with an {@link SQSEvent}, then deletes what succeeded.
 * With ReportBatchItemFailures only the reported messages stay; an invalid report, a throw or a timeout
 * leaves the whole batch, which returns after its visibility timeout and is redriven to the DLQ by the
 * queue's own RedrivePolicy once maxReceiveCount is passed.
 *
 * <p>Scaling as Lambda's does, within bounds a laptop can take: it starts with a few concurrent batches and, while
 * every poller is busy with a batch and messages keep coming, adds one more at most every 200 ms (Lambda adds up to
 * 300 a minute) up to the maximum (the template's ScalingConfig.MaximumConcurrency, if any); pollers beyond the
 * initial ones leave once the queue is empty. So a batch held by a slow invocation does not stop the queue, as it
 * does not on AWS.
 */
public final class SqsEventSource implements AutoCloseable {
    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final String region;
    private final LocalFunction function;
    private final int batchSize;
    private final Duration batchingWindow;
    private final boolean reportBatchItemFailures;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> pollers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicLong invocations = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger pollerCount = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger busy = new java.util.concurrent.atomic.AtomicInteger();
    private final AtomicLong lastScaleUp = new AtomicLong();
    private volatile int initialPollers;
    private volatile int maxPollers;

    public SqsEventSource(SqsClient sqs, String queueUrl, String queueArn, String region, LocalFunction function,
                          int batchSize, Duration batchingWindow, boolean reportBatchItemFailures) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.region = region;
        this.function = function;
        this.batchSize = batchSize;
        this.batchingWindow = batchingWindow;
        this.reportBatchItemFailures = reportBatchItemFailures;
    }

    /** Starts {@code concurrency} pollers, and never more. */
    public void start(int concurrency) {
        start(concurrency, concurrency);
    }

    /**
     * Starts {@code initial} pollers and lets them grow to {@code max} while every one is busy and messages keep
     * coming; Lambda likewise runs several batches of one source at once and adds more under a backlog.
     */
    public void start(int initial, int max) {
        this.initialPollers = initial;
        this.maxPollers = Math.max(initial, max);
        for (int i = 0; i < initial; i++) {
            addPoller();
        }
    }

    private void addPoller() {
        int n = pollerCount.incrementAndGet();
        pollers.add(Thread.ofVirtual().name("sqs-" + function.spec().logicalId() + "-" + n).start(this::pollLoop));
    }

    /** One more poller when all are busy, at most one per 200 ms, up to the maximum. */
    private void scaleUpIfAllBusy() {
        long now = System.nanoTime();
        long last = lastScaleUp.get();
        if (busy.get() >= pollerCount.get() && pollerCount.get() < maxPollers
                && now - last >= Duration.ofMillis(200).toNanos() && lastScaleUp.compareAndSet(last, now)) {
            addPoller();
        }
    }

    /** The number of pollers right now (tests and benchmarks). */
    public int pollers() {
        return pollerCount.get();
    }

    public long invocations() {
        return invocations.get();
    }

    private void pollLoop() {
        while (running.get()) {
            try {
                List<Message> batch = receiveBatch();
                if (batch.isEmpty()) {
                    if (retireIfSurplus()) {
                        pollers.remove(Thread.currentThread());
                        return;
                    }
                    continue;
                }
                if (running.get()) {
                    busy.incrementAndGet();
                    try {
                        scaleUpIfAllBusy();
                        deliver(batch);
                    } finally {
                        busy.decrementAndGet();
                    }
                }
            } catch (RuntimeException e) {
                if (running.get()) {
                    System.err.println("[local] poller of " + function.spec().logicalId() + ": " + e);
                    sleep(Duration.ofSeconds(1));
                }
            }
        }
    }

    /** A poller beyond the initial ones leaves when the queue has nothing for it. */
    private boolean retireIfSurplus() {
        int n = pollerCount.get();
        return n > initialPollers && pollerCount.compareAndSet(n, n - 1);
    }

    private List<Message> receiveBatch() {
        // By id: a batching window longer than the visibility timeout can receive a message twice, and a
        // delete naming one id twice is refused whole by SQS.
        Map<String, Message> batch = new java.util.LinkedHashMap<>();
        long deadline = System.nanoTime() + batchingWindow.toNanos();
        do {
            int want = Math.min(10, batchSize - batch.size());
            List<Message> got = sqs.receiveMessage(ReceiveMessageRequest.builder()
                    .queueUrl(queueUrl)
                    .maxNumberOfMessages(want)
                    .waitTimeSeconds(batch.isEmpty() ? 2 : 0)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All")
                    .build()).messages();
            got.forEach(m -> batch.put(m.messageId(), m));
            if (got.isEmpty() && !batch.isEmpty()) {
                if (System.nanoTime() >= deadline) {
                    break;
                }
                sleep(Duration.ofMillis(50));
            }
        } while (running.get() && !batch.isEmpty() && batch.size() < batchSize && System.nanoTime() < deadline);
        return new ArrayList<>(batch.values());
    }

    void deliver(List<Message> batch) {
        SQSEvent event = toEvent(batch);
        invocations.incrementAndGet();
        Set<String> failed;
        try {
            Object result = function.invoke(event);
            failed = failedIds(batch, result);
        } catch (RuntimeException e) {
            System.err.println("[local] " + function.spec().logicalId() + " failed a batch of " + batch.size() + ": " + e);
            if (FaultInjector.injected(e)) {
                handBack(batch);
            }
            return; // nothing deleted: the batch comes back after its visibility timeout
        }
        if (FaultInjector.crashesAt(FaultPoint.QUEUE_BEFORE_DELETE)) {
            handBack(batch); // as if the function died after its work, before Lambda deleted anything
            return;
        }
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        for (Message m : batch) {
            if (!failed.contains(m.messageId())) {
                done.add(DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build());
            }
        }
        if (!done.isEmpty()) {
            sqs.deleteMessageBatch(DeleteMessageBatchRequest.builder().queueUrl(queueUrl).entries(done).build());
        }
    }

    /**
     * After an injected crash the batch returns in a second rather than after the queue's visibility timeout, so
     * crash tests run in seconds; real failures keep Lambda's timing.
     */
    private void handBack(List<Message> batch) {
        int seconds = (int) FaultInjector.current().map(f -> f.redelivery().toSeconds()).orElse(0L).longValue();
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
        for (Message m : batch) {
            entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(m.messageId())
                    .receiptHandle(m.receiptHandle()).visibilityTimeout(seconds).build());
        }
        try {
            sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queueUrl).entries(entries));
        } catch (RuntimeException e) {
            System.err.println("[local] could not hand back a crashed batch early (it returns after its timeout): " + e);
        }
    }

    /** Lambda's rules: a report naming an id not in the batch (or no id) fails the whole batch. */
    private Set<String> failedIds(List<Message> batch, Object result) {
        if (!reportBatchItemFailures || !(result instanceof SQSBatchResponse response) || response.getBatchItemFailures() == null) {
            return Set.of();
        }
        Set<String> ids = new HashSet<>();
        batch.forEach(m -> ids.add(m.messageId()));
        Set<String> failed = new HashSet<>();
        for (SQSBatchResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
            String id = failure.getItemIdentifier();
            if (id == null || id.isEmpty() || !ids.contains(id)) {
                return ids;
            }
            failed.add(id);
        }
        return failed;
    }

    private SQSEvent toEvent(List<Message> batch) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : batch) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(m.messageId());
            record.setReceiptHandle(m.receiptHandle());
            record.setBody(m.body());
            record.setMd5OfBody(m.md5OfBody());
            record.setMd5OfMessageAttributes(m.md5OfMessageAttributes());
            Map<String, String> attributes = new HashMap<>();
            m.attributesAsStrings().forEach(attributes::put);
            record.setAttributes(attributes);
            Map<String, SQSEvent.MessageAttribute> messageAttributes = new HashMap<>();
            m.messageAttributes().forEach((name, value) -> {
                SQSEvent.MessageAttribute a = new SQSEvent.MessageAttribute();
                a.setDataType(value.dataType());
                a.setStringValue(value.stringValue());
                messageAttributes.put(name, a);
            });
            record.setMessageAttributes(messageAttributes);
            record.setEventSource("aws:sqs");
            record.setEventSourceArn(queueArn);
            record.setAwsRegion(region);
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    @Override
    public void close() {
        running.set(false);
        for (Thread t : pollers) {
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
