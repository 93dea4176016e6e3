package dev.hookline.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.local.template.FunctionSpec;
import dev.hookline.local.testing.RepoPaths;
import dev.hookline.local.testing.TestPlatform;
import dev.hookline.local.testing.WithPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every sample in events/ (the files a user passes to {@code sam local invoke -e}) is read through the Lambda
 * runtime's own serialization (aws-lambda-java-tests' EventLoader), handed to the function that would receive
 * it in AWS (found from template.yaml: the route key, the queue, the schedule rule), and answered as a user
 * would expect. A sample without an expectation here, or a function without a sample, fails the build.
 */
@WithPlatform
class SampleEventsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter CLF_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private enum Kind { HTTP, SQS, SCHEDULED, DYNAMODB_STREAM }

    /** What a user checks when invoking each sample; every file in events/ must have an entry. */
    private final Map<String, BiConsumer<TestPlatform, Sample>> expectations = Map.of(
            "api-health.json", this::healthAnswersWithEveryResource,
            "api-create-tenant.json", this::createTenantNeedsTheRealAdminKey,
            "api-publish-event.json", this::publishNeedsARealTenantKey,
            "ingest.json", this::unknownIngestTokenIsNotFound,
            "ingest-binary.json", this::unknownIngestTokenIsNotFound,
            "fanout.json", this::aReadyMessageWithoutSubscribersFansOutToNothing,
            "delivery.json", this::unknownIdsAreSkippedNotRetried,
            "scheduler.json", this::schedulerReportsWhatItEnqueued);

    private record Sample(Path file, Kind kind, Object event, String function) {
        String name() {
            return file.getFileName().toString();
        }
    }

    private static final Set<String> COVERED = ConcurrentHashMap.newKeySet();
    private static List<Path> files;
    private static volatile boolean factoryRan;

    @TempDir
    static Path scratch;

    @BeforeAll
    static void listSamples() throws IOException {
        try (Stream<Path> list = Files.list(RepoPaths.events())) {
            files = list.sorted().toList();
        }
        assertFalse(files.isEmpty(), "events/ holds samples");
    }

    @TestFactory
    Stream<DynamicTest> everySampleInvokesItsFunctionAsAUserWouldExpect(TestPlatform p) {
        factoryRan = true;
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            Sample sample = load(p, file);
            BiConsumer<TestPlatform, Sample> expectation = expectations.get(sample.name());
            assertNotNull(expectation, sample.name() + " has no expectation in SampleEventsIT; add what a user would check");
            expectation.accept(p, sample);
            COVERED.add(sample.name());
        }));
    }

    @Test
    void everySampleHasAnExpectationAndIsAJsonFile() {
        for (Path file : files) {
            String name = file.getFileName().toString();
            assertTrue(name.endsWith(".json"), name + ": sam local invoke -e and EventLoader take .json files only");
            assertTrue(expectations.containsKey(name), name + " would be left untested");
        }
        Set<String> names = new TreeSet<>();
        files.forEach(f -> names.add(f.getFileName().toString()));
        assertEquals(new TreeSet<>(expectations.keySet()), names, "expectations for samples that no longer exist");
    }

    @Test
    void everyFunctionOfTheTemplateHasASample(TestPlatform p) throws IOException {
        Set<String> withSample = new TreeSet<>();
        for (Path file : files) {
            withSample.add(load(p, file).function());
        }
        Set<String> declared = new TreeSet<>();
        p.platform().template().functions().forEach(f -> declared.add(f.logicalId()));
        assertEquals(declared, withSample, "functions without a sample in events/");
    }

    @AfterAll
    static void nothingWasLeftUntested() {
        // Runs after the dynamic tests: each sample passed its expectation, not just loaded.
        if (!factoryRan) {
            return; // a single method was selected
        }
        Set<String> names = new TreeSet<>();
        files.forEach(f -> names.add(f.getFileName().toString()));
        assertEquals(names, new TreeSet<>(COVERED), "samples that did not pass their expectation");
    }

    // ------------------------------------------------------------------ loading and routing

    /** Picks the loader by content (as Lambda's event source would have produced it) and the function from the template. */
    private static Sample load(TestPlatform p, Path file) throws IOException {
        JsonNode tree = JSON.readTree(file.toFile());
        String path = file.toAbsolutePath().toString();
        List<FunctionSpec> functions = p.platform().template().functions();
        if ("2.0".equals(tree.path("version").asText()) && tree.has("routeKey")) {
            APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(path);
            String function = functions.stream()
                    .filter(f -> f.httpRoutes().stream().anyMatch(r -> r.routeKey().equals(event.getRouteKey())))
                    .map(FunctionSpec::logicalId).findFirst()
                    .orElseThrow(() -> new AssertionError(file + ": no function serves route " + event.getRouteKey()));
            return new Sample(file, Kind.HTTP, event, function);
        }
        if (tree.has("Records") && "aws:sqs".equals(tree.path("Records").path(0).path("eventSource").asText())) {
            SQSEvent event = EventLoader.loadSQSEvent(path);
            String arn = event.getRecords().getFirst().getEventSourceArn();
            String queueName = arn.substring(arn.lastIndexOf(':') + 1);
            // CloudFormation names a queue <stack>-<LogicalId>-<suffix>; the sample's ARN says which queue it came from.
            String function = functions.stream()
                    .filter(f -> f.sqsSources().stream().anyMatch(s -> queueName.contains("-" + queueOf(s) + "-")))
                    .map(FunctionSpec::logicalId).findFirst()
                    .orElseThrow(() -> new AssertionError(file + ": no function consumes the queue of " + arn));
            return new Sample(file, Kind.SQS, event, function);
        }
        if (tree.has("Records") && "aws:dynamodb".equals(tree.path("Records").path(0).path("eventSource").asText())) {
            DynamodbEvent event = EventLoader.loadDynamoDbEvent(path);
            String arn = event.getRecords().getFirst().getEventSourceARN();
            String table = arn.substring(arn.indexOf(":table/") + 7, arn.indexOf("/stream/"));
            // CloudFormation names a table <stack>-<LogicalId>-<suffix>; the stream's ARN names the table.
            String function = functions.stream()
                    .filter(f -> f.streamSources().stream().anyMatch(s -> table.contains("-" + tableOf(s) + "-")))
                    .map(FunctionSpec::logicalId).findFirst()
                    .orElseThrow(() -> new AssertionError(file + ": no function reads the stream " + arn));
            return new Sample(file, Kind.DYNAMODB_STREAM, event, function);
        }
        if ("Scheduled Event".equals(tree.path("detail-type").asText()) && "aws.events".equals(tree.path("source").asText())) {
            ScheduledEvent event = EventLoader.loadScheduledEvent(path);
            String rule = event.getResources().getFirst();
            // SAM names the rule <stack>-<FunctionLogicalId><EventName>-<suffix>.
            String function = functions.stream()
                    .filter(f -> f.schedules().stream().anyMatch(s -> rule.contains("/hookline-" + f.logicalId() + s.eventName() + "-")
                            || rule.contains("-" + f.logicalId() + s.eventName() + "-")))
                    .map(FunctionSpec::logicalId).findFirst()
                    .orElseThrow(() -> new AssertionError(file + ": no function has the schedule rule " + rule));
            return new Sample(file, Kind.SCHEDULED, event, function);
        }
        throw new AssertionError(file + " is neither an HTTP API 2.0, an SQS, a DynamoDB stream nor an EventBridge"
                + " scheduled event");
    }

    private static String tableOf(FunctionSpec.StreamEventSource source) {
        if (source.stream() instanceof Map<?, ?> m && m.get("Fn::GetAtt") instanceof List<?> parts) {
            return String.valueOf(parts.getFirst());
        }
        throw new AssertionError("Stream is not !GetAtt: " + source.stream());
    }

    private static String queueOf(FunctionSpec.SqsEventSource source) {
        if (source.queue() instanceof Map<?, ?> m && m.get("Fn::GetAtt") instanceof List<?> parts) {
            return String.valueOf(parts.getFirst());
        }
        throw new AssertionError("SQS event Queue is not !GetAtt: " + source.queue());
    }

    private static Object invoke(TestPlatform p, Sample sample) {
        return p.platform().function(sample.function()).invoke(sample.event());
    }

    /** The sample with a placeholder replaced, loaded the same way (a user would edit the file). */
    private static Sample withReplaced(TestPlatform p, Sample sample, String placeholder, String value) {
        try {
            String text = Files.readString(sample.file(), StandardCharsets.UTF_8);
            assertTrue(text.contains(placeholder), sample.name() + " carries the placeholder " + placeholder);
            Path edited = scratch.resolve(sample.name());
            Files.writeString(edited, text.replace(placeholder, value), StandardCharsets.UTF_8);
            Sample loaded = load(p, edited);
            return new Sample(sample.file(), loaded.kind(), loaded.event(), loaded.function());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    // ------------------------------------------------------------------ shape checks shared by kinds

    /** What API Gateway would really send: consistent route key, path, lower-case headers, sizes and times. */
    private static APIGatewayV2HTTPEvent realisticHttp(Sample sample) {
        assertEquals(Kind.HTTP, sample.kind());
        APIGatewayV2HTTPEvent e = (APIGatewayV2HTTPEvent) sample.event();
        String n = sample.name();
        assertEquals("2.0", e.getVersion(), n);
        var ctx = e.getRequestContext();
        assertNotNull(ctx, n + " requestContext");
        assertEquals(e.getRouteKey(), ctx.getRouteKey(), n);
        assertEquals("$default", ctx.getStage(), n);
        assertEquals(e.getRawPath(), ctx.getHttp().getPath(), n);
        assertTrue(e.getRouteKey().startsWith(ctx.getHttp().getMethod() + " ") || e.getRouteKey().startsWith("ANY "), n);
        assertNotNull(ctx.getRequestId(), n);
        assertEquals(CLF_TIME.format(Instant.ofEpochMilli(ctx.getTimeEpoch())), ctx.getTime(), n + ": time and timeEpoch agree");
        assertEquals(ctx.getDomainName(), e.getHeaders().get("host"), n);
        assertEquals(ctx.getHttp().getUserAgent(), e.getHeaders().get("user-agent"), n);
        assertEquals(ctx.getHttp().getSourceIp(), e.getHeaders().get("x-forwarded-for"), n);
        e.getHeaders().keySet().forEach(h -> assertEquals(h.toLowerCase(Locale.ROOT), h, n + ": API Gateway lower-cases header names"));
        if (e.getBody() != null) {
            byte[] body = e.getIsBase64Encoded() ? Base64.getDecoder().decode(e.getBody()) : e.getBody().getBytes(StandardCharsets.UTF_8);
            assertEquals(String.valueOf(body.length), e.getHeaders().get("content-length"), n + " content-length");
        }
        return e;
    }

    private static JsonNode problem(Sample sample, APIGatewayV2HTTPResponse r, int status) {
        assertEquals(status, r.getStatusCode(), sample.name() + ": " + r.getBody());
        assertEquals("application/problem+json", header(r, "content-type"), sample.name());
        JsonNode body = json(r.getBody());
        assertEquals(status, body.path("status").asInt(), r.getBody());
        assertTrue(body.path("type").asText().startsWith("https://"), r.getBody());
        assertFalse(body.path("detail").asText().isBlank(), r.getBody());
        return body;
    }

    private static String header(APIGatewayV2HTTPResponse r, String name) {
        if (r.getHeaders() == null) {
            return null;
        }
        return r.getHeaders().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    // ------------------------------------------------------------------ expectations

    private void healthAnswersWithEveryResource(TestPlatform p, Sample sample) {
        realisticHttp(sample);
        assertEquals("ApiFunction", sample.function());
        APIGatewayV2HTTPResponse r = (APIGatewayV2HTTPResponse) invoke(p, sample);
        assertEquals(200, r.getStatusCode(), r.getBody());
        JsonNode body = json(r.getBody());
        assertEquals("ok", body.path("status").asText(), r.getBody());
        assertTrue(body.path("resources").isArray() && !body.path("resources").isEmpty(), r.getBody());
        body.path("resources").forEach(res -> assertTrue(res.path("present").asBoolean(), res.toString()));
    }

    private void createTenantNeedsTheRealAdminKey(TestPlatform p, Sample sample) {
        APIGatewayV2HTTPEvent e = realisticHttp(sample);
        assertEquals("POST", e.getRequestContext().getHttp().getMethod());
        assertEquals("/v1/tenants", e.getRawPath());
        assertEquals("Bearer REPLACE_WITH_ADMIN_KEY", e.getHeaders().get("authorization"));
        assertEquals("{\"name\":\"acme\"}", e.getBody());

        problem(sample, (APIGatewayV2HTTPResponse) invoke(p, sample), 401);

        APIGatewayV2HTTPResponse created = (APIGatewayV2HTTPResponse) invoke(p,
                withReplaced(p, sample, "REPLACE_WITH_ADMIN_KEY", p.adminKey()));
        assertEquals(201, created.getStatusCode(), created.getBody());
        JsonNode tenant = json(created.getBody());
        assertTrue(tenant.path("id").asText().startsWith("ten_"), created.getBody());
        assertEquals("acme", tenant.path("name").asText());
        assertTrue(tenant.path("api_key").asText().startsWith("hk_"), created.getBody());
    }

    private void publishNeedsARealTenantKey(TestPlatform p, Sample sample) {
        APIGatewayV2HTTPEvent e = realisticHttp(sample);
        assertEquals("/v1/events", e.getRawPath());
        assertTrue(e.getHeaders().get("authorization").startsWith("Bearer REPLACE_WITH_"), e.getHeaders().get("authorization"));

        problem(sample, (APIGatewayV2HTTPResponse) invoke(p, sample), 401);

        // With a real tenant key the same sample publishes (no endpoints yet, so no deliveries).
        String placeholder = e.getHeaders().get("authorization").substring("Bearer ".length());
        TestPlatform.Tenant tenant = p.newTenant("samples");
        APIGatewayV2HTTPResponse published = (APIGatewayV2HTTPResponse) invoke(p, withReplaced(p, sample, placeholder, tenant.apiKey()));
        assertEquals(202, published.getStatusCode(), published.getBody());
        assertTrue(json(published.getBody()).path("id").asText().startsWith("msg_"), published.getBody());
    }

    private void unknownIngestTokenIsNotFound(TestPlatform p, Sample sample) {
        APIGatewayV2HTTPEvent e = realisticHttp(sample);
        assertEquals("IngestFunction", sample.function());
        String token = e.getPathParameters().get("token");
        assertNotNull(token, "pathParameters.token");
        assertEquals("/in/" + token, e.getRawPath());
        assertNotNull(e.getBody());
        if (e.getIsBase64Encoded()) {
            // The binary sample's body is real gzip of NDJSON, as a sender would post it.
            assertEquals("application/gzip", e.getHeaders().get("content-type"));
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(e.getBody())))) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                json(text.lines().findFirst().orElseThrow());
            } catch (IOException x) {
                throw new AssertionError(sample.name() + " body is not base64 gzip", x);
            }
        } else {
            assertTrue(e.getHeaders().get("content-type").startsWith("application/json"));
            json(e.getBody());
        }
        problem(sample, (APIGatewayV2HTTPResponse) invoke(p, sample), 404);
    }

    private void unknownIdsAreSkippedNotRetried(TestPlatform p, Sample sample) {
        assertEquals(Kind.SQS, sample.kind());
        SQSEvent event = (SQSEvent) sample.event();
        assertFalse(event.getRecords().isEmpty());
        for (SQSEvent.SQSMessage m : event.getRecords()) {
            assertEquals("aws:sqs", m.getEventSource());
            assertTrue(m.getEventSourceArn().startsWith("arn:aws:sqs:" + m.getAwsRegion() + ":"), m.getEventSourceArn());
            assertEquals(md5(m.getBody()), m.getMd5OfBody(), sample.name() + ": md5OfBody is SQS's MD5 of the body");
            assertNotNull(m.getAttributes().get("ApproximateReceiveCount"));
            JsonNode body = json(m.getBody());
            assertTrue(body.path("tenant_id").asText().startsWith("ten_"), m.getBody());
            assertTrue(body.path("message_id").asText().startsWith("msg_") || body.path("delivery_id").asText().startsWith("dlv_"),
                    m.getBody());
        }
        Object result = invoke(p, sample);
        assertTrue(result instanceof SQSBatchResponse, sample.function() + " answers an SQSBatchResponse: " + result);
        List<SQSBatchResponse.BatchItemFailure> failures = ((SQSBatchResponse) result).getBatchItemFailures();
        assertTrue(failures == null || failures.isEmpty(),
                "an unknown id is skipped (deleted), not retried until the DLQ: " + describe(failures));
    }

    private void aReadyMessageWithoutSubscribersFansOutToNothing(TestPlatform p, Sample sample) {
        assertEquals(Kind.DYNAMODB_STREAM, sample.kind());
        assertEquals("FanoutFunction", sample.function());
        DynamodbEvent event = (DynamodbEvent) sample.event();
        FunctionSpec.StreamEventSource source = p.platform().template().function("FanoutFunction").streamSources().getFirst();
        var filter = dev.hookline.local.streams.EventFilter.of(source.filters());
        JsonNode records;
        try {
            records = JSON.readTree(sample.file().toFile()).path("Records");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        for (int i = 0; i < event.getRecords().size(); i++) {
            var r = event.getRecords().get(i);
            assertEquals("aws:dynamodb", r.getEventSource());
            assertTrue(r.getEventSourceARN().startsWith("arn:aws:dynamodb:" + r.getAwsRegion() + ":"), r.getEventSourceARN());
            assertEquals(r.getDynamodb().getKeys().get("pk").getS(), r.getDynamodb().getNewImage().get("pk").getS(),
                    "the keys are the item's");
            assertNotNull(r.getDynamodb().getSequenceNumber(), "the sequence number survives the runtime's serialization");
            assertTrue(filter.matches(records.get(i)), "the template's filter lets the sample through, as Lambda would");
        }
        Object result = invoke(p, sample);
        assertTrue(result instanceof StreamsEventResponse, "FanoutFunction answers a StreamsEventResponse: " + result);
        var failures = ((StreamsEventResponse) result).getBatchItemFailures();
        assertTrue(failures == null || failures.isEmpty(), "a message nobody subscribes to is done, not retried");
    }

    private void schedulerReportsWhatItEnqueued(TestPlatform p, Sample sample) {
        assertEquals(Kind.SCHEDULED, sample.kind());
        ScheduledEvent e = (ScheduledEvent) sample.event();
        assertEquals("Scheduled Event", e.getDetailType());
        assertEquals("aws.events", e.getSource());
        assertNotNull(e.getTime(), "the time survives the runtime's serialization");
        assertEquals(Instant.parse("2026-11-24T09:15:00Z").toEpochMilli(), e.getTime().getMillis());
        assertEquals("SchedulerFunction", sample.function());
        Object result = invoke(p, sample);
        assertTrue(result instanceof Map<?, ?> m && m.get("due_enqueued") instanceof Number, "result " + result);
    }

    private static String describe(List<SQSBatchResponse.BatchItemFailure> failures) {
        List<String> ids = new ArrayList<>();
        if (failures != null) {
            failures.forEach(f -> ids.add(f.getItemIdentifier()));
        }
        return ids.toString();
    }

    private static String md5(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
