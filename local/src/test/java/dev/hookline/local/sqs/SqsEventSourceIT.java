package dev.hookline.local.sqs;

import dev.hookline.local.aws.EmbeddedAws;
import dev.hookline.local.fixtures.ScriptedSqsHandler;
import dev.hookline.local.fixtures.ScriptedSqsHandler.Seen;
import dev.hookline.local.runtime.LocalFunction;
import dev.hookline.local.template.FunctionSpec;
import dev.hookline.local.testing.Eventually;
import dev.hookline.local.testing.TestPlatform;
import dev.hookline.local.testing.WithPlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lambda's SQS event-source semantics, as the local platform's poller reproduces them, on queues this test
 * creates in the platform's ElasticMQ: a 1 s visibility timeout and a DLQ after two receives keep every case
 * within a few seconds. The consumer is {@link ScriptedSqsHandler}, whose message bodies script what it does.
 */
@WithPlatform
@Timeout(value = 40)
class SqsEventSourceIT {
    private static final int MAX_RECEIVES = 2;

    private SqsClient sqs;
    private String queueUrl;
    private String queueArn;
    private String dlqUrl;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void createQueues(TestPlatform p) {
        sqs = p.platform().aws().sqs();
        String name = "sqs-source-it-" + UUID.randomUUID().toString().substring(0, 8);
        dlqUrl = sqs.createQueue(b -> b.queueName(name + "-dlq")).queueUrl();
        String dlqArn = arnOf(dlqUrl);
        queueUrl = sqs.createQueue(b -> b.queueName(name).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "1",
                QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + MAX_RECEIVES + "\"}"))).queueUrl();
        queueArn = arnOf(queueUrl);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        open.clear();
        sqs.deleteQueue(b -> b.queueUrl(queueUrl));
        sqs.deleteQueue(b -> b.queueUrl(dlqUrl));
    }

    private String arnOf(String url) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    /** Starts Lambda's event source on the test queue: one poller, the given batch size and window, 1 s timeout. */
    private SqsEventSource start(int batchSize, Duration window) {
        FunctionSpec spec = new FunctionSpec("ScriptedConsumer", ScriptedSqsHandler.class.getName(), "handleRequest",
                1, 256, "unused", "java25", Map.of(), List.of(),
                List.of(new FunctionSpec.SqsEventSource("Queue", Map.of("Fn::GetAtt", List.of("TestQueue", "Arn")),
                        batchSize, (int) window.toSeconds(), true)),
                List.of(), List.of());
        LocalFunction function = new LocalFunction(spec, Map.of(), null);
        open.add(function);
        SqsEventSource source = new SqsEventSource(sqs, queueUrl, queueArn, EmbeddedAws.REGION, function, batchSize,
                window, true);
        open.add(source);
        source.start(1);
        return source;
    }

    private List<String> send(String... bodies) {
        List<String> ids = new ArrayList<>();
        for (int from = 0; from < bodies.length; from += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(bodies.length, from + 10); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(bodies[i]).build());
            }
            var result = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            assertTrue(result.failed().isEmpty(), result.failed().toString());
            result.successful().stream().sorted(java.util.Comparator.comparing(e -> Integer.parseInt(e.id().substring(1))))
                    .forEach(e -> ids.add(e.messageId()));
        }
        return ids;
    }

    private List<Seen> seen() {
        return ScriptedSqsHandler.seenOn(queueArn);
    }

    private long timesSeen(String body) {
        return seen().stream().filter(s -> s.body().equals(body)).count();
    }

    private static boolean await(Duration limit, BooleanSupplier done) {
        return Eventually.poll(limit, done::getAsBoolean, Boolean::booleanValue);
    }

    /** Messages in the queue, visible or in flight (ElasticMQ answers these exactly). */
    private int messagesIn(String url) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
    }

    /** Drains the DLQ (it has no consumer) until the body arrives or the limit passes; returns the bodies found. */
    private List<String> drainDlqUntil(Duration limit, String body) {
        List<String> bodies = new ArrayList<>();
        long deadline = System.nanoTime() + limit.toNanos();
        while (!bodies.contains(body) && System.nanoTime() < deadline) {
            for (Message m : sqs.receiveMessage(b -> b.queueUrl(dlqUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                bodies.add(m.body());
                sqs.deleteMessage(b -> b.queueUrl(dlqUrl).receiptHandle(m.receiptHandle()));
            }
        }
        return bodies;
    }

    /** Waits until each body has been handed over in one batch together, and returns that invocation. */
    private String firstInvocationWithAll(Collection<String> bodies) {
        assertTrue(await(Duration.ofSeconds(10), () -> seen().stream().map(Seen::body).collect(Collectors.toSet()).containsAll(bodies)),
                "handed over: " + seen());
        Seen first = seen().stream().filter(s -> bodies.contains(s.body())).findFirst().orElseThrow();
        Set<String> inIt = seen().stream().filter(s -> s.invocation().equals(first.invocation())).map(Seen::body)
                .collect(Collectors.toSet());
        assertTrue(inIt.containsAll(bodies), "the test needs " + bodies + " in one batch; the first batch held " + inIt);
        return first.invocation();
    }

    // ------------------------------------------------------------------------------------------------

    @Test
    void succeededMessagesAreDeletedAndNeverComeBack() {
        String a = "ok-" + UUID.randomUUID();
        String b = "ok-" + UUID.randomUUID();
        String c = "ok-" + UUID.randomUUID();
        List<String> ids = send(a, b, c);
        start(10, Duration.ZERO);

        assertTrue(await(Duration.ofSeconds(10), () -> timesSeen(a) + timesSeen(b) + timesSeen(c) >= 3), "handed over: " + seen());
        assertTrue(await(Duration.ofSeconds(5), () -> messagesIn(queueUrl) == 0), "deleted from the queue: " + messagesIn(queueUrl));
        // Nothing visible or in flight is left, so no message can come back after its visibility timeout.
        assertEquals(1, timesSeen(a));
        assertEquals(1, timesSeen(b));
        assertEquals(1, timesSeen(c));
        assertEquals(Set.copyOf(ids), seen().stream().map(Seen::messageId).collect(Collectors.toSet()),
                "the event carries SQS's own message ids");
        seen().forEach(s -> assertEquals(1, s.receiveCount(), "first receive: " + s));
        assertEquals(0, messagesIn(dlqUrl));
    }

    @Test
    void aReportedFailureStaysComesBackAfterTheVisibilityTimeoutThenLandsInTheDlq() {
        String ok = "ok-" + UUID.randomUUID();
        String failing = "fail-" + UUID.randomUUID();
        send(ok, failing);
        start(10, Duration.ZERO);

        String invocation = firstInvocationWithAll(List.of(ok, failing));
        assertTrue(await(Duration.ofSeconds(10), () -> timesSeen(failing) >= MAX_RECEIVES), "retried: " + seen());
        List<Seen> failures = seen().stream().filter(s -> s.body().equals(failing)).toList();
        assertEquals(1, failures.get(0).receiveCount());
        assertEquals(2, failures.get(1).receiveCount(), "it came back as the second receive of the same message");
        assertEquals(failures.get(0).messageId(), failures.get(1).messageId());
        assertFalse(failures.get(1).invocation().equals(invocation), "a later invocation");

        assertEquals(List.of(failing), drainDlqUntil(Duration.ofSeconds(10), failing), "after maxReceiveCount it is dead-lettered, body intact");
        assertEquals(MAX_RECEIVES, timesSeen(failing), "the function never sees it after the redrive");
        assertEquals(1, timesSeen(ok), "its batch neighbour succeeded and was deleted");
        assertTrue(await(Duration.ofSeconds(3), () -> messagesIn(queueUrl) == 0), "source queue empty");
    }

    @Test
    void aThrowFailsTheWholeBatchSoNothingIsDeleted() {
        String ok = "ok-" + UUID.randomUUID();
        String thrower = "throw-" + UUID.randomUUID();
        send(ok, thrower);
        start(10, Duration.ZERO);

        String invocation = firstInvocationWithAll(List.of(ok, thrower));
        assertTrue(await(Duration.ofSeconds(10), () -> seen().stream().anyMatch(s -> s.body().equals(ok)
                && !s.invocation().equals(invocation))), "the succeeded neighbour came back too: " + seen());
        Seen again = seen().stream().filter(s -> s.body().equals(ok) && !s.invocation().equals(invocation)).findFirst().orElseThrow();
        assertEquals(2, again.receiveCount(), "redelivered, not re-sent");
        List<String> dead = drainDlqUntil(Duration.ofSeconds(10), thrower);
        assertTrue(dead.contains(thrower), "the throwing message ends in the DLQ: " + dead);
    }

    @Test
    void aTimedOutInvocationFailsTheWholeBatch() {
        String ok = "ok-" + UUID.randomUUID();
        String sleeper = "sleep-" + UUID.randomUUID();
        send(ok, sleeper);
        start(10, Duration.ZERO);

        String invocation = firstInvocationWithAll(List.of(ok, sleeper));
        assertTrue(await(Duration.ofSeconds(10), () -> seen().stream().anyMatch(s -> s.body().equals(ok)
                && !s.invocation().equals(invocation))), "the succeeded neighbour came back: " + seen());
        // The handler's 5 s sleep was interrupted: the runtime cut the invocation off at its 1 s timeout.
        assertTrue(await(Duration.ofSeconds(10), () -> ScriptedSqsHandler.CUT_OFF.contains(invocation)),
                "the invocation was cut off at its timeout, not left to its sleep");
        List<String> dead = drainDlqUntil(Duration.ofSeconds(10), sleeper);
        assertTrue(dead.contains(sleeper), "the message that always times out ends in the DLQ: " + dead);
    }

    @Test
    void anItemFailureNamingAnIdNotInTheBatchFailsTheWholeBatch() {
        String ok = "ok-" + UUID.randomUUID();
        String foreign = "foreign-" + UUID.randomUUID();
        send(ok, foreign);
        start(10, Duration.ZERO);

        String invocation = firstInvocationWithAll(List.of(ok, foreign));
        assertTrue(await(Duration.ofSeconds(10), () -> seen().stream().anyMatch(s -> s.body().equals(ok)
                && !s.invocation().equals(invocation))), "an invalid report fails every message of the batch: " + seen());
        assertTrue(await(Duration.ofSeconds(10), () -> timesSeen(foreign) >= 2), "the reporting message is retried: " + seen());
    }

    @Test
    void noInvocationSeesMoreThanTheBatchSize() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String[] bodies = new String[25];
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = "ok-" + run + "-" + i;
        }
        send(bodies);
        SqsEventSource source = start(10, Duration.ZERO);

        assertTrue(await(Duration.ofSeconds(15), () -> seen().size() >= 25), "all 25 handed over: " + seen().size());
        assertTrue(await(Duration.ofSeconds(5), () -> messagesIn(queueUrl) == 0), "all deleted");
        Set<String> distinct = new HashSet<>();
        seen().forEach(s -> distinct.add(s.body()));
        assertEquals(25, distinct.size());
        int largest = seen().stream().mapToInt(Seen::batchSize).max().orElseThrow();
        assertTrue(largest <= 10, "largest batch " + largest);
        assertTrue(largest > 1, "messages waiting together are batched, largest batch " + largest);
        long invocations = seen().stream().map(Seen::invocation).distinct().count();
        assertTrue(invocations >= 3, "25 messages at 10 a batch take at least 3 invocations, took " + invocations);
        assertEquals(invocations, source.invocations());
    }

    @Test
    void aBatchSizeBelowTenIsRespectedToo() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String[] bodies = new String[9];
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = "ok-" + run + "-" + i;
        }
        send(bodies);
        start(4, Duration.ZERO);

        assertTrue(await(Duration.ofSeconds(10), () -> seen().size() >= 9), "all handed over: " + seen().size());
        assertTrue(seen().stream().allMatch(s -> s.batchSize() <= 4), "batches: "
                + seen().stream().map(Seen::batchSize).toList());
    }
}
