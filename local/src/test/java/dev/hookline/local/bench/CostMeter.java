package dev.hookline.local.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Counts every AWS call the platform makes, by service and operation, with DynamoDB's consumed read and write units
 * and SQS's billed 64 KiB chunks, for the cost report.
 *
 * <p>Installed for every SDK client on the test classpath through the SDK's global interceptor list
 * ({@code software/amazon/awssdk/global/handlers/execution.interceptors} in the test resources), so production code
 * and the deployed artifact know nothing of it. It does nothing until {@link #start()}: only then does it ask DynamoDB
 * for {@code ReturnConsumedCapacity=TOTAL} (in the request it sends, never in the code that built it) and count.
 */
public final class CostMeter implements ExecutionInterceptor {
    private static final long CHUNK = 64 * 1024;
    private static volatile boolean on;
    private static final Map<String, LongAdder> CALLS = new ConcurrentHashMap<>();
    private static final DoubleAdder READ_UNITS = new DoubleAdder();
    private static final DoubleAdder WRITE_UNITS = new DoubleAdder();
    private static final LongAdder SQS_BILLED = new LongAdder();
    private static final LongAdder SQS_FIFO_BILLED = new LongAdder();
    private static final LongAdder SQS_EMPTY_RECEIVES = new LongAdder();
    /** Records the (local) Lambda event source mapping read from DynamoDB Streams. */
    private static final LongAdder STREAM_RECORDS = new LongAdder();
    /** Wall time spent inside counted AWS calls by operation (summed over threads): the emulators' share. */
    private static final Map<String, LongAdder> CALL_NANOS = new ConcurrentHashMap<>();
    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("hookline.costmeter.started");
    /** The benchmark's own calls (waiting for queues to drain) are not the platform's cost. */
    private static final ThreadLocal<Boolean> UNCOUNTED = ThreadLocal.withInitial(() -> false);

    /** What one stretch of work cost in calls and units. */
    public record Usage(Map<String, Long> calls, double readUnits, double writeUnits, long sqsBilledRequests,
                        long sqsFifoBilledRequests, long sqsEmptyReceives, long streamRecordsRead,
                        Map<String, Long> callNanos) {
        /** Calls and time of the operations whose "Service.Operation" name passes {@code counted}. */
        public long calls(java.util.function.Predicate<String> counted) {
            return calls.entrySet().stream().filter(e -> counted.test(e.getKey())).mapToLong(Map.Entry::getValue).sum();
        }

        public long callNanos(java.util.function.Predicate<String> counted) {
            return callNanos.entrySet().stream().filter(e -> counted.test(e.getKey())).mapToLong(Map.Entry::getValue).sum();
        }

        public long calls(String serviceOperation) {
            return calls.getOrDefault(serviceOperation, 0L);
        }

        public long callsOf(String service) {
            String prefix = service.replace(" ", "").toLowerCase(java.util.Locale.ROOT) + ".";
            return calls.entrySet().stream()
                    .filter(e -> e.getKey().replace(" ", "").toLowerCase(java.util.Locale.ROOT).startsWith(prefix))
                    .mapToLong(Map.Entry::getValue).sum();
        }
    }

    public static void start() {
        reset();
        on = true;
    }

    public static Usage stop() {
        on = false;
        return snapshot();
    }

    public static void reset() {
        CALLS.clear();
        READ_UNITS.reset();
        WRITE_UNITS.reset();
        SQS_BILLED.reset();
        SQS_FIFO_BILLED.reset();
        SQS_EMPTY_RECEIVES.reset();
        STREAM_RECORDS.reset();
        CALL_NANOS.clear();
    }

    /** Runs {@code work} on this thread without counting its AWS calls. */
    public static <T> T uncounted(java.util.function.Supplier<T> work) {
        UNCOUNTED.set(true);
        try {
            return work.get();
        } finally {
            UNCOUNTED.set(false);
        }
    }

    public static Usage snapshot() {
        Map<String, Long> calls = new TreeMap<>();
        CALLS.forEach((k, v) -> calls.put(k, v.sum()));
        Map<String, Long> nanos = new TreeMap<>();
        CALL_NANOS.forEach((k, v) -> nanos.put(k, v.sum()));
        return new Usage(calls, READ_UNITS.sum(), WRITE_UNITS.sum(), SQS_BILLED.sum(), SQS_FIFO_BILLED.sum(),
                SQS_EMPTY_RECEIVES.sum(), STREAM_RECORDS.sum(), nanos);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (on && !UNCOUNTED.get()) {
            attributes.putAttribute(STARTED, System.nanoTime());
        }
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        if (!on || UNCOUNTED.get()) {
            return context.request();
        }
        ReturnConsumedCapacity total = ReturnConsumedCapacity.TOTAL;
        return switch (context.request()) {
            case GetItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case PutItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case UpdateItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case DeleteItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case QueryRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case ScanRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case BatchGetItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case BatchWriteItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case TransactWriteItemsRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case TransactGetItemsRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            default -> context.request();
        };
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (!on || UNCOUNTED.get()) {
            return;
        }
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        CALLS.computeIfAbsent(service + "." + operation, k -> new LongAdder()).increment();
        Long started = attributes.getAttribute(STARTED);
        if (started != null) {
            CALL_NANOS.computeIfAbsent(service + "." + operation, k -> new LongAdder()).add(System.nanoTime() - started);
        }
        SdkResponse response = context.response();
        switch (response) {
            case GetItemResponse r -> read(r.consumedCapacity());
            case QueryResponse r -> read(r.consumedCapacity());
            case ScanResponse r -> read(r.consumedCapacity());
            case BatchGetItemResponse r -> r.consumedCapacity().forEach(CostMeter::read);
            case TransactGetItemsResponse r -> r.consumedCapacity().forEach(CostMeter::read);
            case PutItemResponse r -> write(r.consumedCapacity());
            case UpdateItemResponse r -> write(r.consumedCapacity());
            case DeleteItemResponse r -> write(r.consumedCapacity());
            case BatchWriteItemResponse r -> r.consumedCapacity().forEach(CostMeter::write);
            case TransactWriteItemsResponse r -> r.consumedCapacity().forEach(CostMeter::write);
            case ReceiveMessageResponse r when r.messages().isEmpty() -> SQS_EMPTY_RECEIVES.increment();
            case GetRecordsResponse r -> STREAM_RECORDS.add(r.records().size());
            default -> {
                if (service != null && service.equalsIgnoreCase("Sqs")) {
                    (queueUrl(context.request()).endsWith(".fifo") ? SQS_FIFO_BILLED : SQS_BILLED)
                            .add(sqsChunks(context.request()));
                }
            }
        }
    }

    private static String queueUrl(SdkRequest request) {
        return request.getValueForField("QueueUrl", String.class).orElse("");
    }

    /** SQS bills each 64 KiB of a request's payload as one request (a batch of ten 1 KiB messages is one). */
    private static long sqsChunks(SdkRequest request) {
        long bytes = switch (request) {
            case SendMessageRequest r -> r.messageBody().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            case SendMessageBatchRequest r -> r.entries().stream()
                    .mapToLong(e -> e.messageBody().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).sum();
            default -> 0;
        };
        return Math.max(1, (bytes + CHUNK - 1) / CHUNK);
    }

    private static void read(ConsumedCapacity c) {
        if (c != null && c.capacityUnits() != null) {
            READ_UNITS.add(c.capacityUnits());
        }
    }

    private static void write(ConsumedCapacity c) {
        if (c != null && c.capacityUnits() != null) {
            WRITE_UNITS.add(c.capacityUnits());
        }
    }
}
