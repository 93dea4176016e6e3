package dev.hookline.local;

import dev.hookline.local.testing.Http;
import dev.hookline.local.testing.RepoPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --data-dir}: tables, secrets and queued messages survive a restart of the whole platform. */
class DataDirIT {

    @Test
    void tenantsKeysAndTheAdminKeySurviveARestart(@TempDir Path dir) throws Exception {
        LocalOptions options = LocalOptions.defaults().withTemplate(RepoPaths.template()).withPort(0)
                .withDataDir(dir).withNamePrefix("hookline-persist-");
        String adminKey;
        String apiKey;
        try (LocalPlatform first = LocalPlatform.start(options)) {
            adminKey = first.adminKey();
            Http.Response created = new Http(first.baseUri()).post("/v1/tenants", adminKey, "{\"name\":\"kept\"}");
            assertEquals(201, created.status(), created.body());
            apiKey = created.json().get("api_key").asText();
        }
        assertTrue(Files.exists(dir.resolve("secrets.json")));
        assertTrue(Files.list(dir.resolve("dynamodb")).findAny().isPresent(), "DynamoDB Local wrote its file");

        try (LocalPlatform second = LocalPlatform.start(options)) {
            assertEquals(adminKey, second.adminKey(), "the admin key is not regenerated");
            Http http = new Http(second.baseUri());
            assertEquals(200, http.get("/v1/api-keys", apiKey).status(), "the tenant's key still works");
            assertEquals(200, http.get("/health", null).status());
        }
    }

    @Test
    void queuedMessagesSurviveARestartAndWhatWasInFlightIsVisibleAgainAtOnce(@TempDir Path dir) throws Exception {
        LocalOptions options = LocalOptions.defaults().withTemplate(RepoPaths.template()).withPort(0)
                .withDataDir(dir).withNamePrefix("hookline-queues-");
        List<String> sent = new ArrayList<>();
        try (LocalPlatform first = LocalPlatform.start(options)) {
            String runs = first.queueUrl("RunsQueue"); // nobody consumes it locally: a tenant's pipeline would
            for (int i = 0; i < 3; i++) {
                String body = "{\"run\":" + i + ",\"at\":" + System.nanoTime() + "}";
                first.aws().sqs().sendMessage(b -> b.queueUrl(runs).messageBody(body));
                sent.add(body);
            }
            String streams = first.queueUrl("StreamsQueue");
            first.aws().sqs().sendMessage(b -> b.queueUrl(streams).messageBody("{\"ordered\":1}").messageGroupId("g")
                    .messageDeduplicationId("d1"));
            first.aws().sqs().sendMessage(b -> b.queueUrl(streams).messageBody("{\"ordered\":2}").messageGroupId("g")
                    .messageDeduplicationId("d2"));
            var inFlight = first.aws().sqs().receiveMessage(b -> b.queueUrl(runs).maxNumberOfMessages(1)).messages();
            assertEquals(1, inFlight.size(), "one message is in flight (300 s visibility) when the platform stops");
        }
        assertTrue(Files.exists(dir.resolve("sqs")), "ElasticMQ wrote its store");

        try (LocalPlatform second = LocalPlatform.start(options)) {
            String runs = second.queueUrl("RunsQueue");
            List<String> got = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (got.size() < 3 && System.nanoTime() < deadline) {
                second.aws().sqs().receiveMessage(b -> b.queueUrl(runs).maxNumberOfMessages(10).waitTimeSeconds(1))
                        .messages().forEach(m -> got.add(m.body()));
            }
            assertEquals(new TreeSet<>(sent), new TreeSet<>(got), "all three, the one in flight included, right away");
            String streams = second.queueUrl("StreamsQueue");
            List<String> ordered = new ArrayList<>();
            deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (ordered.size() < 2 && System.nanoTime() < deadline) {
                for (var m : second.aws().sqs().receiveMessage(b -> b.queueUrl(streams).maxNumberOfMessages(10)
                        .waitTimeSeconds(1)).messages()) {
                    ordered.add(m.body());
                    second.aws().sqs().deleteMessage(b -> b.queueUrl(streams).receiptHandle(m.receiptHandle()));
                }
            }
            assertEquals(List.of("{\"ordered\":1}", "{\"ordered\":2}"), ordered, "a FIFO group keeps its order across the restart");
        }
    }
}
