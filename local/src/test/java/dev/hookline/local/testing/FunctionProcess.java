package dev.hookline.local.testing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.local.bench.ColdStartLauncher;
import dev.hookline.local.http.GatewayEvents;
import dev.hookline.local.runtime.LocalFunction;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One function run as Lambda runs it: a fresh JVM ({@code -XX:+TieredCompilation -XX:TieredStopAtLevel=1}, serial
 * GC, class-data sharing, the template's memory as the heap bound) whose classpath is the function's deployment jar,
 * the {@link ColdStartLauncher} and the Lambda runtime's event serialisers; its environment is the function's own
 * from the template, pointed at the platform's engines. The launcher constructs the handler and hands it the events.
 */
public final class FunctionProcess {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL).build();

    /** Milliseconds: process start to main, constructing the handler, each event, process start to the first done. */
    public record Run(double jvmToMainMs, double constructMs, List<Double> eventMs, double firstDoneMs,
                      List<String> answers, String stderr) {
    }

    private final Path launcherDir;
    private final String serialization;

    public FunctionProcess(Path workDir) throws IOException {
        this.launcherDir = copyLauncher(workDir);
        try {
            this.serialization = Path.of(com.amazonaws.services.lambda.runtime.serialization.PojoSerializer.class
                    .getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The jar template.yaml's CodeUri names for this function. */
    public static Path jarOf(LocalFunction function) {
        return RepoPaths.root().resolve(function.spec().codeUri());
    }

    public Run run(LocalFunction function, Path jar, List<Path> events) throws IOException, InterruptedException {
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(javaCommand, "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Xshare:auto", "-Xmx" + function.spec().memoryMb() + "m",
                "-cp", jar + java.io.File.pathSeparator + launcherDir + java.io.File.pathSeparator + serialization,
                ColdStartLauncher.class.getName(), function.spec().handlerClass()));
        events.forEach(e -> command.add(e.toString()));
        Path stderr = Files.createTempFile("function-process", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().putAll(function.environment());
        long start = System.nanoTime();
        Process process = builder.start();
        double main = 0;
        double construct = 0;
        double firstDone = 0;
        List<Double> handled = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                double at = (System.nanoTime() - start) / 1e6;
                String[] parts = line.split(" ", 4);
                switch (parts.length > 1 && parts[0].equals("STEP") ? parts[1] : "") {
                    case "main" -> main = at;
                    case "constructed" -> construct = Double.parseDouble(parts[2]);
                    case "handled" -> {
                        handled.add(Double.parseDouble(parts[2]));
                        answers.add(parts.length > 3 ? parts[3] : "");
                        if (handled.size() == 1) {
                            firstDone = at;
                        }
                    }
                    default -> { }
                }
            }
        }
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        String err = Files.readString(stderr);
        Files.deleteIfExists(stderr);
        return new Run(main, construct, handled, firstDone, answers, err);
    }

    /** An HTTP API (payload 2.0) event as API Gateway would send it, as JSON. */
    public static byte[] gatewayEvent(String method, String path, String routeKey, Map<String, String> pathParameters,
                                      Map<String, String> headers, String body, int port) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        multi.put("host", List.of("127.0.0.1:" + port));
        headers.forEach((k, v) -> multi.put(k, List.of(v)));
        var event = GatewayEvents.build(new GatewayEvents.IncomingRequest(method, path, "", multi,
                        body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8), "127.0.0.1", port, "HTTP/1.1"),
                routeKey, pathParameters, "req-" + System.nanoTime(), Instant.now());
        try {
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A DynamoDB stream batch of one INSERT record carrying {@code newImage}, as Lambda hands it to a function. */
    public static byte[] streamEvent(Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> newImage) {
        var record = software.amazon.awssdk.services.dynamodb.model.Record.builder().eventID("e-" + System.nanoTime())
                .eventName("INSERT").eventVersion("1.1").dynamodb(software.amazon.awssdk.services.dynamodb.model.StreamRecord
                        .builder().newImage(newImage).sequenceNumber(Long.toString(System.nanoTime()))
                        .streamViewType("NEW_AND_OLD_IMAGES").build()).build();
        ObjectNode event = JSON.createObjectNode();
        event.putArray("Records").add(dev.hookline.local.streams.StreamRecords.toLambda(record,
                "arn:aws:dynamodb:us-east-1:000000000000:table/local/stream/local", "us-east-1"));
        try {
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An SQS event source batch of one record, as JSON. */
    public static byte[] sqsEvent(String body) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        ObjectNode r = records.addObject();
        r.put("messageId", "m-" + System.nanoTime());
        r.put("receiptHandle", "handle");
        r.put("body", body);
        r.putObject("attributes").put("ApproximateReceiveCount", "1")
                .put("SentTimestamp", Long.toString(System.currentTimeMillis()));
        r.putObject("messageAttributes");
        r.put("eventSource", "aws:sqs");
        r.put("eventSourceARN", "arn:aws:sqs:us-east-1:000000000000:local");
        r.put("awsRegion", "us-east-1");
        try {
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The launcher, alone in a directory, so the child's classpath holds nothing of the tests. */
    private static Path copyLauncher(Path work) throws IOException {
        String name = ColdStartLauncher.class.getName().replace('.', '/') + ".class";
        Path dir = work.resolve("launcher");
        Path target = dir.resolve(name);
        Files.createDirectories(target.getParent());
        try (var in = FunctionProcess.class.getClassLoader().getResourceAsStream(name)) {
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return dir;
    }
}
