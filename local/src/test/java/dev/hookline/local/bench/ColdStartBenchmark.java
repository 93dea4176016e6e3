package dev.hookline.local.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.delivery.Delivery;
import dev.hookline.core.delivery.DeliveryStatus;
import dev.hookline.core.delivery.DeliveryTask;
import dev.hookline.core.delivery.FanoutTask;
import dev.hookline.core.delivery.Message;
import dev.hookline.infrastructure.dynamo.DynamoDeliveryStore;
import dev.hookline.infrastructure.dynamo.DynamoMessageStore;
import dev.hookline.local.LocalOptions;
import dev.hookline.local.LocalPlatform;
import dev.hookline.local.testing.TestReceiver;
import dev.hookline.local.http.GatewayEvents;
import dev.hookline.local.runtime.LocalFunction;
import dev.hookline.local.testing.Http;
import dev.hookline.local.testing.RepoPaths;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
    private static final ObjectMapper JSON = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL).build();

    private record Step(double jvmToMainMs, double constructMs, double firstMs, double secondMs, double totalMs,
                        String firstAnswer) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path root = RepoPaths.root();
        Path work = Files.createTempDirectory("hookline-cold-start");
        Path launcherDir = copyLauncher(work);
        String serialization = jarOf(com.amazonaws.services.lambda.runtime.serialization.PojoSerializer.class);
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
            events.put("IngestFunction", n -> gateway("POST", "/in/" + token, "POST /in/{token}", Map.of("token", token),
                    Map.of("content-type", "application/json"),
                    "{\"event_id\":\"cold-" + n + "-" + System.nanoTime() + "\",\"type\":\"cold.start\",\"n\":" + n + "}",
                    platform.baseUri().getPort()));
            events.put("ApiFunction", n -> gateway("GET", "/v1/endpoints", "ANY /v1/{proxy+}",
                    Map.of("proxy", "endpoints"), Map.of("authorization", "Bearer " + key), null,
                    platform.baseUri().getPort()));
            events.put("FanoutFunction", n -> sqs(new FanoutTask(tenant, seeds.message()).toJson()));
            events.put("DeliveryFunction", n -> sqs(new DeliveryTask(tenant, seeds.delivery()).toJson()));
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
                    Path jar = artifact != null ? artifact : artifactOf(root, platform.function(e.getKey()));
                    Step step = coldStart(function, jar, launcherDir, serialization, first, second);
                    steps.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(step);
                }
                System.out.printf("round %d of %d done%n", round, rounds);
            }

            System.out.println();
            System.out.printf("Cold start per function, median of %d fresh JVMs (-XX:+TieredCompilation"
                    + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xmx = MemorySize), no SnapStart;%n"
                    + "local engines on loopback; a shared 2-core machine with other builds running: expect spread.%n", rounds);
            System.out.printf("%-18s %7s %9s %10s %10s %10s %11s  %s%n", "function", "heap", "jvm->main",
                    "construct", "1st event", "2nd event", "to 1st done", "artifact, first answer");
            for (var e : steps.entrySet()) {
                List<Step> s = e.getValue();
                LocalFunction function = platform.function(e.getKey());
                Path jar = artifact != null ? artifact : artifactOf(root, platform.function(e.getKey()));
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

    /** Where template.yaml's CodeUri of this function points. */
    static Path artifactOf(Path root, LocalFunction function) {
        return root.resolve(function.spec().codeUri());
    }

    private static Step coldStart(LocalFunction function, Path jar, Path launcherDir, String serialization, Path first,
                                  Path second) throws Exception {
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(javaCommand, "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xshare:auto", "-Xmx" + function.spec().memoryMb() + "m",
                "-cp", jar + java.io.File.pathSeparator + launcherDir + java.io.File.pathSeparator + serialization,
                ColdStartLauncher.class.getName(), function.spec().handlerClass(), first.toString(), second.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().putAll(function.environment());
        long start = System.nanoTime();
        Process process = builder.start();
        double main = 0;
        double construct = 0;
        List<Double> handled = new ArrayList<>();
        double firstDone = 0;
        String answer = "";
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                double at = (System.nanoTime() - start) / 1e6;
                String[] parts = line.split(" ", 4);
                switch (parts.length > 1 ? parts[1] : "") {
                    case "main" -> main = at;
                    case "constructed" -> construct = Double.parseDouble(parts[2]);
                    case "handled" -> {
                        handled.add(Double.parseDouble(parts[2]));
                        if (handled.size() == 1) {
                            firstDone = at;
                            answer = parts.length > 3 ? parts[3] : "";
                        }
                    }
                    default -> { }
                }
            }
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(function.spec().logicalId() + " did not finish");
        }
        if (handled.size() != 2) {
            throw new IllegalStateException(function.spec().logicalId() + " handled " + handled.size()
                    + " of 2 events (exit " + process.exitValue() + "): run the launcher by hand to see why");
        }
        if (answer.contains("\"batchItemFailures\":[{") || answer.matches(".*\"statusCode\":\\s*5\\d\\d.*")) {
            throw new IllegalStateException(function.spec().logicalId() + " failed its first event: " + answer);
        }
        return new Step(main, construct, handled.get(0), handled.get(1), firstDone, answer);
    }

    private static byte[] gateway(String method, String path, String routeKey, Map<String, String> pathParameters,
                                  Map<String, String> headers, String body, int port) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        multi.put("host", List.of("127.0.0.1:" + port));
        headers.forEach((k, v) -> multi.put(k, List.of(v)));
        var event = GatewayEvents.build(new GatewayEvents.IncomingRequest(method, path, "", multi,
                        body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8), "127.0.0.1", port, "HTTP/1.1"),
                routeKey, pathParameters, "cold-" + System.nanoTime(), Instant.now());
        try {
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sqs(String body) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        ObjectNode r = records.addObject();
        r.put("messageId", "cold-" + System.nanoTime());
        r.put("receiptHandle", "cold");
        r.put("body", body);
        r.putObject("attributes").put("ApproximateReceiveCount", "1")
                .put("SentTimestamp", Long.toString(System.currentTimeMillis()));
        r.putObject("messageAttributes");
        r.put("eventSource", "aws:sqs");
        r.put("eventSourceARN", "arn:aws:sqs:us-east-1:000000000000:cold");
        r.put("awsRegion", "us-east-1");
        try {
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
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

    /** The launcher, alone in a directory, so the child's classpath holds nothing of the tests. */
    private static Path copyLauncher(Path work) throws IOException {
        String name = ColdStartLauncher.class.getName().replace('.', '/') + ".class";
        Path dir = work.resolve("launcher");
        Path target = dir.resolve(name);
        Files.createDirectories(target.getParent());
        try (var in = ColdStartBenchmark.class.getClassLoader().getResourceAsStream(name)) {
            Files.copy(in, target);
        }
        return dir;
    }

    private static String jarOf(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static double median(List<Step> steps, java.util.function.ToDoubleFunction<Step> f) {
        double[] v = steps.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String abbreviate(String s) {
        return s.length() <= 70 ? s : s.substring(0, 67) + "...";
    }
}
