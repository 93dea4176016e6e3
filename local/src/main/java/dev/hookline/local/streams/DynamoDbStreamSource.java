package dev.hookline.local.streams;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.fault.FaultPoint;
import dev.hookline.local.faults.FaultInjector;
import dev.hookline.local.runtime.LocalFunction;
import dev.hookline.local.template.FunctionSpec;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static dev.hookline.local.runtime.Pause.sleep;

/**
 * Lambda's DynamoDB Streams event source mapping, locally: reads every shard of the stream in order (a child
 * only after its parent is done), drops what the filter patterns do not pass, invokes the function with batches
 * of up to BatchSize records, and checkpoints after each batch. A batch that fails is retried: from its first
 * reported item failure (ReportBatchItemFailures), or whole - split in two first when BisectBatchOnFunctionError
 * is set (each half keeps the failures counted so far). After MaximumRetryAttempts failed invocations the
 * records are skipped and an invocation record naming them goes to the on-failure destination, as Lambda does.
 * Within a shard nothing moves past a record until it succeeded or was given up, so a function crash loses
 * nothing: the records come again, the next attempt or the next start of the platform.
 */
public final class DynamoDbStreamSource implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration IDLE_POLL = Duration.ofMillis(200);
    private static final Duration SHARD_REFRESH = Duration.ofSeconds(1);

    private final DynamoDbStreamsClient streams;
    private final SqsClient sqs;
    private final String streamArn;
    private final String region;
    private final LocalFunction function;
    private final FunctionSpec.StreamEventSource spec;
    private final String onFailureQueueUrl;
    private final Checkpoints checkpoints;
    private final EventFilter filter;
    private final PojoSerializer<DynamodbEvent> serializer;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Set<String> started = ConcurrentHashMap.newKeySet();
    private final Set<String> trimmed = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicLong invocations = new AtomicLong();

    /**
     * @param checkpointFile where positions are kept across restarts (null: in memory)
     * @param onFailureQueueUrl the on-failure destination's queue (null: given-up records are only logged)
     */
    public DynamoDbStreamSource(DynamoDbStreamsClient streams, SqsClient sqs, String streamArn, String region,
                                LocalFunction function, FunctionSpec.StreamEventSource spec, String onFailureQueueUrl,
                                java.nio.file.Path checkpointFile) {
        this.streams = streams;
        this.sqs = sqs;
        this.streamArn = streamArn;
        this.region = region;
        this.function = function;
        this.spec = spec;
        this.onFailureQueueUrl = onFailureQueueUrl;
        this.checkpoints = checkpointFile == null ? Checkpoints.inMemory() : Checkpoints.in(checkpointFile);
        this.filter = EventFilter.of(spec.filters());
        this.serializer = LambdaEventSerializers.serializerFor(DynamodbEvent.class, DynamodbEvent.class.getClassLoader());
    }

    public void start() {
        threads.add(Thread.ofVirtual().name("ddb-stream-" + function.spec().logicalId()).start(this::watchShards));
    }

    public long invocations() {
        return invocations.get();
    }

    /** Starts a reader for each shard whose parent is done (or gone); DynamoDB rolls shards over now and then. */
    private void watchShards() {
        while (running.get()) {
            try {
                List<Shard> shards = describe();
                Set<String> known = new HashSet<>();
                shards.forEach(s -> known.add(s.shardId()));
                for (Shard shard : shards) {
                    String parent = shard.parentShardId();
                    boolean parentDone = parent == null || !known.contains(parent) || checkpoints.finished(parent);
                    if (parentDone && !checkpoints.finished(shard.shardId()) && started.add(shard.shardId())) {
                        threads.add(Thread.ofVirtual().name("ddb-shard-" + shard.shardId()).start(() -> readShard(shard)));
                    }
                }
            } catch (RuntimeException e) {
                if (running.get()) {
                    System.err.println("[local] stream of " + function.spec().logicalId() + ": " + e);
                }
            }
            sleep(SHARD_REFRESH);
        }
    }

    private List<Shard> describe() {
        List<Shard> shards = new ArrayList<>();
        String last = null;
        do {
            String start = last;
            StreamDescription d = streams.describeStream(b -> b.streamArn(streamArn).exclusiveStartShardId(start))
                    .streamDescription();
            shards.addAll(d.shards());
            last = d.lastEvaluatedShardId();
        } while (last != null);
        return shards;
    }

    private void readShard(Shard shard) {
        String iterator = null;
        while (running.get()) {
            try {
                if (iterator == null) {
                    iterator = iterator(shard.shardId());
                }
                String current = iterator;
                GetRecordsResponse page = streams.getRecords(b -> b.shardIterator(current));
                if (!process(shard.shardId(), page.records())) {
                    return; // stopping: the rest comes again from the checkpoint on the next start
                }
                iterator = page.nextShardIterator();
                if (iterator == null) {
                    checkpoints.save(shard.shardId(), Checkpoints.SHARD_END);
                    return;
                }
                trimmed.remove(shard.shardId());
                if (page.records().isEmpty()) {
                    sleep(IDLE_POLL);
                }
            } catch (ExpiredIteratorException e) {
                iterator = null; // resume after the checkpoint
            } catch (TrimmedDataAccessException e) {
                // DynamoDB Local answers this for an iterator it no longer serves; resume after the checkpoint. If the
                // checkpoint itself is gone (older than the stream keeps), start at the oldest record, as Lambda does.
                iterator = trimmed.add(shard.shardId()) ? null : horizon(shard.shardId());
            } catch (RuntimeException e) {
                if (!running.get()) {
                    return;
                }
                System.err.println("[local] shard " + shard.shardId() + " of " + function.spec().logicalId() + ": " + e);
                iterator = null;
                sleep(Duration.ofSeconds(1));
            }
        }
    }

    private String horizon(String shardId) {
        return streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
    }

    private String iterator(String shardId) {
        String position = checkpoints.position(shardId);
        if (position != null) {
            return streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId)
                    .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(position)).shardIterator();
        }
        ShardIteratorType type = "LATEST".equals(spec.startingPosition()) ? ShardIteratorType.LATEST
                : ShardIteratorType.TRIM_HORIZON;
        return streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId).shardIteratorType(type))
                .shardIterator();
    }

    /**
     * A page of records, in order: the matching ones in batches, the position saved after each; false if the
     * platform stopped before the page was done.
     */
    private boolean process(String shardId, List<Record> records) {
        if (records.isEmpty()) {
            return true;
        }
        List<ObjectNode> batch = new ArrayList<>();
        for (Record r : records) {
            ObjectNode lambda = StreamRecords.toLambda(r, streamArn, region);
            if (filter.matches(lambda)) {
                batch.add(lambda);
                if (batch.size() == spec.batchSize()) {
                    if (!deliver(shardId, batch)) {
                        return false;
                    }
                    batch = new ArrayList<>();
                }
            }
        }
        if (!batch.isEmpty() && !deliver(shardId, batch)) {
            return false;
        }
        checkpoints.save(shardId, records.getLast().dynamodb().sequenceNumber());
        return true;
    }

    /** One batch until it succeeds or is given up (true), or the platform stops first (false). */
    private boolean deliver(String shardId, List<ObjectNode> records) {
        Deque<Attempt> work = new ArrayDeque<>();
        work.push(new Attempt(records, 0));
        while (!work.isEmpty() && running.get()) {
            Attempt a = work.pop();
            List<ObjectNode> failedFrom = invoke(a.records());
            if (failedFrom.isEmpty() && FaultInjector.crashesAt(FaultPoint.QUEUE_BEFORE_DELETE)) {
                // As if the function died after its work, before the mapping saved its position: the batch again.
                work.push(a);
                continue;
            }
            if (failedFrom.isEmpty()) {
                checkpoints.save(shardId, StreamRecords.sequenceNumber(a.records().getLast()));
                continue;
            }
            int tries = a.failures() + 1;
            int max = spec.maxRetryAttempts();
            if (max >= 0 && tries > max) {
                giveUp(shardId, failedFrom, tries);
                checkpoints.save(shardId, StreamRecords.sequenceNumber(a.records().getLast()));
                continue;
            }
            if (failedFrom.size() == a.records().size() && spec.bisectOnError() && failedFrom.size() > 1) {
                int half = failedFrom.size() / 2;
                work.push(new Attempt(failedFrom.subList(half, failedFrom.size()), tries));
                work.push(new Attempt(failedFrom.subList(0, half), tries));
            } else {
                work.push(new Attempt(failedFrom, tries));
            }
            sleep(Duration.ofMillis(Math.min(1_000, 50L << Math.min(tries, 5))));
        }
        return work.isEmpty();
    }

    private record Attempt(List<ObjectNode> records, int failures) {
    }

    /** Invokes once; answers the records to retry: none, from the first reported failure on, or all of them. */
    private List<ObjectNode> invoke(List<ObjectNode> records) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode list = event.putArray("Records");
        records.forEach(list::add);
        invocations.incrementAndGet();
        Object result;
        try {
            result = function.invoke(serializer.fromJson(event.toString()));
        } catch (RuntimeException e) {
            System.err.println("[local] " + function.spec().logicalId() + " failed a stream batch of " + records.size()
                    + ": " + e);
            return records;
        }
        if (!spec.reportBatchItemFailures()) {
            return List.of();
        }
        List<String> failed = failedSequenceNumbers(result);
        if (failed == null) {
            return records; // an unreadable report fails the whole batch, as in Lambda
        }
        for (int i = 0; i < records.size(); i++) {
            if (failed.contains(StreamRecords.sequenceNumber(records.get(i)))) {
                return records.subList(i, records.size());
            }
        }
        return failed.isEmpty() ? List.of() : records;
    }

    /** The reported item failures; null when one names no record of the batch (Lambda then fails it all). */
    private static List<String> failedSequenceNumbers(Object result) {
        List<String> out = new ArrayList<>();
        if (result instanceof StreamsEventResponse r) {
            if (r.getBatchItemFailures() != null) {
                for (StreamsEventResponse.BatchItemFailure f : r.getBatchItemFailures()) {
                    if (f.getItemIdentifier() == null || f.getItemIdentifier().isEmpty()) {
                        return null;
                    }
                    out.add(f.getItemIdentifier());
                }
            }
        } else if (result instanceof JsonNode node) {
            for (JsonNode f : node.path("batchItemFailures")) {
                String id = f.path("itemIdentifier").asText("");
                if (id.isEmpty()) {
                    return null;
                }
                out.add(id);
            }
        }
        return out;
    }

    /** Lambda's invocation record for records it stopped retrying (the data stays in the stream and the table). */
    private void giveUp(String shardId, List<ObjectNode> records, int invokes) {
        ObjectNode record = JSON.createObjectNode();
        ObjectNode request = record.putObject("requestContext");
        request.put("requestId", UUID.randomUUID().toString());
        request.put("functionArn", "arn:aws:lambda:" + region + ":000000000000:function:" + function.spec().logicalId());
        request.put("condition", "RetryAttemptsExhausted");
        request.put("approximateInvokeCount", invokes);
        ObjectNode response = record.putObject("responseContext");
        response.put("statusCode", 200);
        response.put("executedVersion", "$LATEST");
        response.put("functionError", "Unhandled");
        record.put("version", "1.0");
        record.put("timestamp", Instant.now().toString());
        ObjectNode info = record.putObject("DDBStreamBatchInfo");
        info.put("shardId", shardId);
        info.put("startSequenceNumber", StreamRecords.sequenceNumber(records.getFirst()));
        info.put("endSequenceNumber", StreamRecords.sequenceNumber(records.getLast()));
        info.put("batchSize", records.size());
        info.put("streamArn", streamArn);
        System.err.println("[local] " + function.spec().logicalId() + " gave up on " + records.size()
                + " stream records after " + invokes + " invocations");
        if (onFailureQueueUrl != null) {
            sqs.sendMessage(b -> b.queueUrl(onFailureQueueUrl).messageBody(record.toString()));
        }
    }

    @Override
    public void close() {
        running.set(false);
        for (Thread t : List.copyOf(threads)) {
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
