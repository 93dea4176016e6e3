package dev.hookline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.core.delivery.Delivery;
import dev.hookline.core.delivery.DeliveryStatus;
import dev.hookline.core.delivery.DeliveryTask;
import dev.hookline.core.delivery.Message;
import dev.hookline.core.id.IdPrefix;
import dev.hookline.core.id.Ids;
import dev.hookline.infrastructure.dynamo.DynamoDeliveryStore;
import dev.hookline.infrastructure.dynamo.DynamoMessageStore;
import dev.hookline.local.runtime.LocalFunction;
import dev.hookline.local.testing.Eventually;
import dev.hookline.local.testing.FunctionProcess;
import dev.hookline.local.testing.RepoPaths;
import dev.hookline.local.testing.TestPlatform;
import dev.hookline.local.testing.TestReceiver;
import dev.hookline.local.testing.Tenants;
import dev.hookline.local.testing.WithPlatform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every function runs from the jar template.yaml deploys it with, in a fresh JVM started as Lambda starts one, against
 * the platform's engines: the jars are minimized and split per function, so a class one of them lacks must fail here,
 * not in a deployment. The rest of the suite runs the handlers from the build's classes, which hold everything.
 */
@WithPlatform
class ArtifactsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Ids IDS = new Ids(Clock.systemUTC(), new SecureRandom());

    @TempDir
    static Path work;
    static FunctionProcess processes;

    @BeforeAll
    static void launcher() throws Exception {
        processes = new FunctionProcess(work);
    }

    @Test
    void ingestRunsFromItsJar(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "artifact-ingest");
        String url = p.http().post("/v1/sources", t.key(),
                "{\"name\":\"s\",\"mode\":\"stream\",\"verification\":{\"scheme\":\"none\"}}").json().get("ingest_url").asText();
        String token = url.substring(url.lastIndexOf('/') + 1);
        JsonNode answer = run(p, "IngestFunction", FunctionProcess.gatewayEvent("POST", "/in/" + token, "POST /in/{token}",
                Map.of("token", token), Map.of("content-type", "application/json"), "[{\"n\":1},{\"n\":2}]",
                p.platform().baseUri().getPort()));
        assertEquals(202, answer.get("statusCode").asInt(), answer.toString());
        assertEquals(2, JSON.readTree(answer.get("body").asText()).get("records").asInt(), answer.toString());
    }

    @Test
    void theApiRunsFromItsJar(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "artifact-api");
        JsonNode answer = run(p, "ApiFunction", FunctionProcess.gatewayEvent("POST", "/v1/endpoints", "ANY /v1/{proxy+}",
                Map.of("proxy", "endpoints"), Map.of("authorization", "Bearer " + t.key(), "content-type", "application/json"),
                "{\"url\":\"http://127.0.0.1:9/hook\"}", p.platform().baseUri().getPort()));
        assertEquals(201, answer.get("statusCode").asInt(), answer.toString());
        String id = JSON.readTree(answer.get("body").asText()).get("id").asText();
        assertEquals(200, t.get("/v1/endpoints/" + id).status(), "the endpoint the jar created is there");
    }

    @Test
    void fanOutRunsFromItsJar(TestPlatform p) throws Exception {
        try (TestReceiver receiver = new TestReceiver()) {
            Tenants t = new Tenants(p, "artifact-fanout");
            t.createEndpoint("{\"url\":\"" + receiver.url("/fanned") + "\"}");
            JsonNode answer = run(p, "FanoutFunction", FunctionProcess.streamEvent(readyImage(p, t.id())));
            assertEquals(0, answer.get("batchItemFailures").size(), answer.toString());
            // The delivery the jar created and queued is sent by the platform's own pollers.
            Eventually.poll(Duration.ofSeconds(15), () -> receiver.received().stream()
                    .anyMatch(r -> r.path().equals("/fanned")), Boolean::booleanValue);
        }
    }

    @Test
    void deliveryRunsFromItsJar(TestPlatform p) throws Exception {
        try (TestReceiver receiver = new TestReceiver()) {
            Tenants t = new Tenants(p, "artifact-delivery");
            String endpoint = t.createEndpoint("{\"url\":\"" + receiver.url("/delivered") + "\"}").get("id").asText();
            Message message = message(p, t.id());
            String delivery = IDS.next(IdPrefix.DELIVERY);
            Instant now = Instant.now();
            new DynamoDeliveryStore(p.platform().aws().dynamo(), p.platform().tableName("DeliveriesTable")).createOnce(
                    new Delivery(delivery, t.id(), message.id(), endpoint, message.type(), DeliveryStatus.PENDING, 0, now,
                            false, null, now, now, now.plus(Duration.ofDays(1))));
            JsonNode answer = run(p, "DeliveryFunction", FunctionProcess.sqsEvent(new DeliveryTask(t.id(), delivery).toJson()));
            assertEquals(0, answer.get("batchItemFailures").size(), answer.toString());
            assertTrue(receiver.received().stream().anyMatch(r -> r.path().equals("/delivered")
                    && message.id().equals(r.headers().get("webhook-id"))), "the receiver got the signed delivery");
            assertEquals("succeeded", t.delivery(delivery).get("status").asText());
        }
    }

    @Test
    void theSchedulerRunsFromItsJar(TestPlatform p) throws Exception {
        JsonNode answer = run(p, "SchedulerFunction", Files.readAllBytes(RepoPaths.events().resolve("scheduler.json")));
        assertTrue(answer.has("due_enqueued"), answer.toString());
    }

    @Test
    void jarsCarryOneJsonLibraryFamilyAndOneSdkHttpClient(TestPlatform p) throws Exception {
        for (String function : List.of("ApiFunction", "IngestFunction", "FanoutFunction", "DeliveryFunction", "SchedulerFunction")) {
            Path jar = FunctionProcess.jarOf(p.platform().function(function));
            try (JarFile j = new JarFile(jar.toFile())) {
                assertFalse(j.stream().anyMatch(e -> e.getName().startsWith("tools/jackson/")), jar + " holds Jackson 3");
                assertFalse(j.stream().anyMatch(e -> e.getName().startsWith("software/amazon/awssdk/http/apache")),
                        jar + " holds an Apache SDK HTTP client");
                assertFalse(j.stream().anyMatch(e -> e.getName().startsWith("software/amazon/awssdk/http/nio/netty")),
                        jar + " holds the Netty SDK HTTP client");
                assertNotNull(j.getEntry("software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class"), jar.toString());
            }
        }
        try (JarFile worker = new JarFile(FunctionProcess.jarOf(p.platform().function("DeliveryFunction")).toFile())) {
            assertNull(worker.getEntry("com/nimbusds/jose/JWSObject.class"), "delivery needs no JWT library");
            assertNull(worker.getEntry("openapi.json"), "delivery serves no OpenAPI document");
        }
    }

    private static Message message(TestPlatform p, String tenant) {
        Instant now = Instant.now();
        Message m = new Message(IDS.next(IdPrefix.MESSAGE), tenant, "artifact.built", "{\"ok\":true}", now,
                now.plus(Duration.ofDays(1)));
        new DynamoMessageStore(p.platform().aws().dynamo(), p.platform().tableName("DeliveriesTable")).create(m);
        return m;
    }

    /**
     * The stream image of a message that became ready. The item itself is stored as scheduled a day ahead, so
     * neither the platform's own stream poller nor its scheduler fans it out: only the jar under test does.
     */
    private static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> readyImage(TestPlatform p,
                                                                                                    String tenant) {
        Instant later = Instant.now().plus(Duration.ofDays(1));
        Message m = new Message(IDS.next(IdPrefix.MESSAGE), tenant, "artifact.built", "{\"ok\":true}", later,
                later.plus(Duration.ofDays(1)));
        String table = p.platform().tableName("DeliveriesTable");
        new DynamoMessageStore(p.platform().aws().dynamo(), table).createScheduled(m);
        var item = new java.util.HashMap<>(p.platform().aws().dynamo().getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("T#" + tenant + "#MSG#" + m.id()),
                        "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("MSG")))).item());
        assertFalse(item.isEmpty(), "the scheduled message is stored");
        item.put("outbox", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("ready"));
        return item;
    }

    /** Runs one event through the function from its own jar; the answer, or a failure with the child's stderr. */
    private static JsonNode run(TestPlatform p, String function, byte[] event) throws Exception {
        LocalFunction f = p.platform().function(function);
        Path jar = FunctionProcess.jarOf(f);
        assertTrue(Files.exists(jar), jar + " is built by `mvn package` before the integration tests");
        Path file = Files.createTempFile(work, function, ".json");
        Files.write(file, event);
        FunctionProcess.Run run = processes.run(f, jar, List.of(file));
        assertEquals(1, run.answers().size(), function + " did not handle its event from " + jar + ":\n" + run.stderr());
        return JSON.readTree(run.answers().getFirst());
    }
}
