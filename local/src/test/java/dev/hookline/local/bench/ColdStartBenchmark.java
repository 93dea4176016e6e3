package dev.hookline.local.bench;

import dev.hookline.core.delivery.Delivery;
import dev.hookline.core.delivery.DeliveryStatus;
import dev.hookline.core.delivery.DeliveryTask;
import dev.hookline.core.delivery.Message;
import dev.hookline.infrastructure.dynamo.DynamoDeliveryStore;
import dev.hookline.infrastructure.dynamo.DynamoMessageStore;
import dev.hookline.local.LocalOptions;
import dev.hookline.local.LocalPlatform;
import dev.hookline.local.testing.TestReceiver;
import dev.hookline.local.runtime.LocalFunction;
import dev.hookline.local.testing.FunctionProcess;
import dev.hookline.local.testing.Http;
import dev.hookline.local.testing.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Cold starts, per function, printed (never asserted): a fresh JVM started the way Lambda starts one
 * ({@code -XX:+TieredCompilation -XX:TieredStopAtLevel=1}, serial GC, class-data sharing, the function's memory from
 * template.yaml as the heap bound) on the deployment artifact, timing JVM start -> handler constructed -> first event
 * handled -> second event handled. The function's environment is its template environment, pointed at the local
 * engines (DynamoDB Local, ElasticMQ, the Secrets Manager emulator), so the first event pays for what a real one does:
 * the SDK's first requests, credentials, the secret cache, the first TLS-less connection. No SnapStart: this is the
 * cold start a function without it (or a restore that finds nothing primed) would see.
 *
 * <p>Run: {@code bench/cold-start.sh [rounds=5] [artifact jar]}. Rounds are interleaved across functions.
 */
public final class ColdStartBenchmark {

    private record Step(double jvmToMainMs, double constructMs, double firstMs, double secondMs, double totalMs,
                        String firstAnswer) {
    }

    public static void main(String[] args) throws Exception {
        BenchConsole.quiet("cold-start");
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path root = RepoPaths.root();
        Path work = Files.createTempDirectory("hookline-cold-start");
        FunctionProcess processes = new FunctionProcess(work);
        try (LocalPlatform platform = LocalPlatform.start(LocalOptions.defaults().withTemplate(RepoPaths.template())
                     .withPort(0).withPollersPerQueue(0).withSchedulePeriod(Duration.ofHours(1))
                     .withNamePrefix("hookline-cold-"));
             TestReceiver receiver = new TestReceiver()) {
            Http http = new Http(platform.baseUri());
            var created = http.post("/v1/tenants", platform.adminKey(), "{\"name\":\"cold\"}").json();
            String key = created.get("api_key").asText();
            String tenant = created.get("id").asText();
            String endpoint = http.post("/v1/endpoints", key, "{\"url\":\"" + receiver.url("/") + "\"}").json().get("id").asText();
            String ingestUrl = http.post("/v1/sources", key,
                    "{\"name\":\"cold\",\"mode\":\"stream\",\"verification\":{\"scheme\":\"none\"}}").json()
                    .get("ingest_url").asText();
            String token = ingestUrl.substring(ingestUrl.lastIndexOf('/') + 1);
            Seeds seeds = new Seeds(platform, tenant, endpoint);

            Map<String, IntFunction<byte[]>> events = new LinkedHashMap<>();
            events.put("IngestFunction", n -> FunctionProcess.gatewayEvent("POST", "/in/" + token, "POST /in/{token}", Map.of("token", token),
                    Map.of("content-type", "application/json"),
                    "{\"event_id\":\"cold-" + n + "-" + System.nanoTime() + "\",\"type\":\"cold.start\",\"n\":" + n + "}",
                    platform.baseUri().getPort()));
            events.put("ApiFunction", n -> FunctionProcess.gatewayEvent("GET", "/v1/endpoints", "ANY /v1/{proxy+}",
                    Map.of("proxy", "endpoints"), Map.of("authorization", "Bearer " + key), null,
                    platform.baseUri().getPort()));
            events.put("FanoutFunction", n -> FunctionProcess.streamEvent(seeds.messageImage()));
            events.put("DeliveryFunction", n -> FunctionProcess.sqsEvent(new DeliveryTask(tenant, seeds.delivery()).toJson()));
            events.put("SchedulerFunction", n -> {
                try {
                    return Files.readAllBytes(RepoPaths.events().resolve("scheduler.json"));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });

            Path artifact = args.length > 1 ? Path.of(args[1]) : null;
            Map<String, List<Step>> steps = new LinkedHashMap<>();
            for (int round = 1; round <= rounds; round++) {
                for (var e : events.entrySet()) {
                    LocalFunction function = platform.function(e.getKey());
                    Path first = work.resolve(e.getKey() + "-" + round + "-1.json");
                    Path second = work.resolve(e.getKey() + "-" + round + "-2.json");
                    Files.write(first, e.getValue().apply(round * 2));
                    Files.write(second, e.getValue().apply(round * 2 + 1));
                    Path jar = artifact != null ? artifact : FunctionProcess.jarOf(function);
                    Step step = coldStart(processes, function, jar, first, second);
                    steps.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(step);
                }
                System.out.printf("round %d of %d done%n", round, rounds);
            }

            System.out.println();
            System.out.printf("Cold start per function, median of %d fresh JVMs (-XX:+TieredCompilation"
                    + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xmx = MemorySize), no SnapStart;%n"
                    + "local engines on loopback; quote the machine's load beside these (they spread with it).%n", rounds);
            System.out.printf("%-18s %7s %9s %10s %10s %10s %11s  %s%n", "function", "heap", "jvm->main",
                    "construct", "1st event", "2nd event", "to 1st done", "artifact, first answer");
            for (var e : steps.entrySet()) {
                List<Step> s = e.getValue();
                LocalFunction function = platform.function(e.getKey());
                Path jar = artifact != null ? artifact : FunctionProcess.jarOf(function);
                System.out.printf("%-18s %5dMB %7.0fms %8.0fms %8.0fms %8.0fms %9.0fms  %s (%.1f MiB), %s%n", e.getKey(),
                        function.spec().memoryMb(), median(s, Step::jvmToMainMs), median(s, Step::constructMs),
                        median(s, Step::firstMs), median(s, Step::secondMs), median(s, Step::totalMs),
                        root.relativize(jar), Files.size(jar) / 1048576.0, abbreviate(s.getLast().firstAnswer()));
            }
            double ingest = median(steps.get("IngestFunction"), Step::totalMs);
            System.out.printf("%nIngest: %.0f ms from process start to the first event handled (goal <= 1000 ms: %s)%n",
                    ingest, ingest <= 1000 ? "met" : "NOT met");
        }
        System.exit(0);
    }

    private static Step coldStart(FunctionProcess processes, LocalFunction function, Path jar, Path first, Path second)
            throws Exception {
        FunctionProcess.Run run = processes.run(function, jar, List.of(first, second));
        if (run.eventMs().size() != 2) {
            throw new IllegalStateException(function.spec().logicalId() + " handled " + run.eventMs().size()
                    + " of 2 events:\n" + run.stderr());
        }
        String answer = run.answers().getFirst();
        if (answer.contains("\"batchItemFailures\":[{") || answer.matches(".*\"statusCode\":\\s*5\\d\\d.*")) {
            throw new IllegalStateException(function.spec().logicalId() + " failed its first event: " + answer);
        }
        return new Step(run.jvmToMainMs(), run.constructMs(), run.eventMs().get(0), run.eventMs().get(1),
                run.firstDoneMs(), answer);
    }

    /** Fresh messages and pending deliveries, written straight to the tables, for the queue-driven functions. */
    private record Seeds(LocalPlatform platform, String tenant, String endpoint) {
        String message() {
            String id = "msg_cold" + System.nanoTime();
            Instant now = Instant.now();
            new DynamoMessageStore(platform.aws().dynamo(), platform.tableName("DeliveriesTable"))
                    .create(new Message(id, tenant, "cold.start", "{\"cold\":true}", now, now.plus(Duration.ofDays(1))));
            return id;
        }

        /** A fresh message's item as the table's stream carries it to the fan-out function. */
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> messageImage() {
            String id = message();
            String table = platform.tableName("DeliveriesTable");
            return platform.aws().dynamo().getItem(b -> b.tableName(table).consistentRead(true).key(Map.of(
                    "pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("T#" + tenant + "#MSG#" + id),
                    "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("MSG")))).item();
        }

        String delivery() {
            String message = message();
            String id = "dlv_cold" + System.nanoTime();
            Instant now = Instant.now();
            new DynamoDeliveryStore(platform.aws().dynamo(), platform.tableName("DeliveriesTable")).createOnce(
                    new Delivery(id, tenant, message, endpoint, "cold.start", DeliveryStatus.PENDING, 0, now, false,
                            null, now, now, now.plus(Duration.ofDays(1))));
            return id;
        }
    }

    private static double median(List<Step> steps, java.util.function.ToDoubleFunction<Step> f) {
        double[] v = steps.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String abbreviate(String s) {
        return s.length() <= 70 ? s : s.substring(0, 67) + "...";
    }
}
