package dev.hookline.local.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.local.aws.EmbeddedAws;
import dev.hookline.local.fixtures.ScriptedStreamHandler;
import dev.hookline.local.fixtures.ScriptedStreamHandler.Seen;
import dev.hookline.local.runtime.LocalFunction;
import dev.hookline.local.template.FunctionSpec;
import dev.hookline.local.testing.Eventually;
import dev.hookline.local.testing.TestPlatform;
import dev.hookline.local.testing.WithPlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lambda's DynamoDB Streams event source semantics as the local runner reproduces them, on a table this test
 * creates (with a stream) in the platform's DynamoDB Local: the filter, batches, item failures, bisection, the
 * retry limit with its on-failure record, and checkpoints that let a restarted mapping resume exactly after the
 * last record it finished. The consumer is {@link ScriptedStreamHandler}, scripted by each item's attribute.
 */
@WithPlatform
@Timeout(value = 60)
class DynamoDbStreamSourceIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DynamoDbClient dynamo;
    private DynamoDbStreamsClient streams;
    private SqsClient sqs;
    private String table;
    private String streamArn;
    private String failureQueue;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void createTable(TestPlatform p) {
        dynamo = p.platform().aws().dynamo();
        sqs = p.platform().aws().sqs();
        table = "stream-source-it-" + UUID.randomUUID().toString().substring(0, 8);
        dynamo.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        streamArn = dynamo.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        failureQueue = sqs.createQueue(b -> b.queueName(table + "-failures")).queueUrl();
        String endpoint = p.platform().function("FanoutFunction").environment().get("AWS_ENDPOINT_URL_DYNAMODB");
        streams = DynamoDbStreamsClient.builder().endpointOverride(java.net.URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        open.clear();
        streams.close();
        dynamo.deleteTable(b -> b.tableName(table));
        sqs.deleteQueue(b -> b.queueUrl(failureQueue));
    }

    private DynamoDbStreamSource start(List<String> filters, int batchSize, int maxRetries, Path checkpoints) {
        FunctionSpec.StreamEventSource source = new FunctionSpec.StreamEventSource("Stream", null, "TRIM_HORIZON",
                batchSize, 0, true, maxRetries, -1, true, filters, null);
        FunctionSpec spec = new FunctionSpec("ScriptedStreamConsumer", ScriptedStreamHandler.class.getName(),
                "handleRequest", 5, 256, "unused", "java25", Map.of(), List.of(), List.of(), List.of(), List.of(source));
        LocalFunction function = new LocalFunction(spec, Map.of(), null);
        open.add(function);
        DynamoDbStreamSource poller = new DynamoDbStreamSource(streams, sqs, streamArn, EmbeddedAws.REGION, function, source,
                failureQueue, checkpoints);
        open.add(poller);
        poller.start();
        return poller;
    }

    private String put(String script) {
        String key = table + "#" + UUID.randomUUID();
        dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS(key), "script", AttributeValue.fromS(script))));
        return key;
    }

    private static List<Seen> seen(String key) {
        return ScriptedStreamHandler.SEEN.stream().filter(s -> s.key().equals(key)).toList();
    }

    private List<JsonNode> failureRecords(Duration wait, int atLeast) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        while (out.size() < atLeast && System.nanoTime() < deadline) {
            for (Message m : sqs.receiveMessage(b -> b.queueUrl(failureQueue).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                out.add(JSON.readTree(m.body()));
                sqs.deleteMessage(b -> b.queueUrl(failureQueue).receiptHandle(m.receiptHandle()));
            }
        }
        return out;
    }

    @Test
    void onlyWhatTheFilterPassesIsHandedOverOnceEach() {
        start(List.of("{\"eventName\":[\"INSERT\"],\"dynamodb\":{\"NewImage\":{\"script\":{\"S\":[\"ok\"]}}}}"), 100, 3, null);
        String a = put("ok");
        String other = put("fail"); // filtered out: never handed over, so never failing
        String b = put("ok");
        dynamo.putItem(x -> x.tableName(table).item(Map.of("pk", AttributeValue.fromS(a), "script", AttributeValue.fromS("ok"),
                "v", AttributeValue.fromN("2")))); // a MODIFY: filtered out
        Eventually.until(Duration.ofSeconds(15), () -> seen(a).size() == 1 && seen(b).size() == 1, "handed over");
        Eventually.pause(Duration.ofSeconds(2));
        assertEquals(1, seen(a).size(), "the modify did not pass the filter");
        assertEquals(1, seen(b).size());
        assertEquals(0, seen(other).size());
        assertEquals("INSERT", seen(a).getFirst().eventName());
    }

    @Test
    void aReportedItemFailureIsRetriedFromThatRecordOnAndTheOnesBeforeItAreNotRepeated() {
        String before = put("ok");
        String failing = put("fail-once");
        String after = put("ok");
        start(List.of(), 100, 5, null);
        Eventually.until(Duration.ofSeconds(15), () -> seen(failing).size() == 2, "retried once: " + seen(failing));
        Eventually.until(Duration.ofSeconds(5), () -> seen(after).size() == 2, "the records after it come again");
        Eventually.pause(Duration.ofSeconds(1));
        assertEquals(1, seen(before).size(), "the record before the failure was checkpointed, not repeated");
    }

    @Test
    void aCrashingRecordIsIsolatedByBisectionAndGivenUpAfterTheRetryLimit() throws Exception {
        List<String> oks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            oks.add(put("ok"));
        }
        String poison = put("crash");
        for (int i = 0; i < 3; i++) {
            oks.add(put("ok"));
        }
        start(List.of(), 100, 4, null);
        List<JsonNode> failures = failureRecords(Duration.ofSeconds(30), 1);
        assertEquals(1, failures.size(), "one on-failure record");
        JsonNode info = failures.getFirst().get("DDBStreamBatchInfo");
        assertEquals(1, info.get("batchSize").asInt(), "bisected down to the poison record alone");
        assertEquals(streamArn, info.get("streamArn").asText());
        assertEquals("RetryAttemptsExhausted", failures.getFirst().get("requestContext").get("condition").asText());
        assertEquals(5, seen(poison).size(), "the first invocation and four retries");
        for (String ok : oks) {
            Eventually.until(Duration.ofSeconds(5), () -> seen(ok).stream().anyMatch(s -> s.batchSize() < 7),
                    ok + " was delivered in a batch without the poison record");
        }
        String later = put("ok");
        Eventually.until(Duration.ofSeconds(10), () -> seen(later).size() == 1, "the shard moves on after giving up");
    }

    @Test
    void aRestartedMappingResumesAfterItsLastCheckpoint(@TempDir Path dir) {
        Path checkpoints = dir.resolve("checkpoints.json");
        DynamoDbStreamSource first = start(List.of(), 100, 3, checkpoints);
        String a = put("ok");
        String b = put("crash-once");
        Eventually.until(Duration.ofSeconds(15), () -> seen(a).size() >= 1 && seen(b).size() == 2, "delivered");
        Eventually.pause(Duration.ofMillis(500));
        long aBefore = seen(a).size();
        first.close();
        String c = put("ok");
        start(List.of(), 100, 3, checkpoints);
        Eventually.until(Duration.ofSeconds(15), () -> seen(c).size() == 1, "the new record is handed over");
        Eventually.pause(Duration.ofSeconds(1));
        assertEquals(1, seen(c).size());
        assertEquals(aBefore, seen(a).size(), "nothing finished before the restart comes again");
        assertEquals(2, seen(b).size(), "the crashed batch came again once, before the restart, and not after it");
    }
}
