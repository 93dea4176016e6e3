package dev.hookline.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.hookline.local.schedule.ScheduleExpression;
import dev.hookline.local.template.CloudFormationYaml;
import dev.hookline.local.template.FunctionSpec;
import dev.hookline.local.template.Intrinsics;
import dev.hookline.local.template.SamTemplate;
import dev.hookline.local.testing.RepoPaths;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.ConstructorException;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Keeps template.yaml honest without SAM CLI (which cannot run here): handlers, artifact path, runtime,
 * references, environment, queues, tables, policies and schedules are checked against the code and against
 * the rules AWS applies at deploy time or at run time. No emulator is started.
 */
class TemplateTest {
    private static final String QUEUE = "AWS::SQS::Queue";
    private static final String TABLE = "AWS::DynamoDB::Table";
    private static final String SECRET = "AWS::SecretsManager::Secret";
    private static final String FUNCTION = "AWS::Serverless::Function";
    private static final String HTTP_API = "AWS::Serverless::HttpApi";
    private static final String ARTIFACT_DIR = "functions/target/";

    private static final Set<String> PSEUDO_PARAMETERS = Set.of("AWS::AccountId", "AWS::NotificationARNs",
            "AWS::NoValue", "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");

    /** Fn::GetAtt attributes CloudFormation offers for the resource types this template uses. */
    private static final Map<String, Set<String>> ATTRIBUTES = Map.of(
            QUEUE, Set.of("Arn", "QueueName", "QueueUrl"),
            TABLE, Set.of("Arn", "StreamArn"),
            SECRET, Set.of("Id"),
            FUNCTION, Set.of("Arn"),
            "AWS::ApiGatewayV2::DomainName", Set.of("RegionalDomainName", "RegionalHostedZoneId"));

    /** `!Ref Resource.Property` names SAM resolves to a resource it generates (AWS SAM "referable properties"). */
    private static final Map<String, Set<String>> SAM_REFERABLE = Map.of(HTTP_API, Set.of("Stage"));

    /**
     * Variables the code reads that template.yaml does not (and should not) declare, each with its reason.
     * AWS_* names are set by Lambda itself (AWS_REGION, credentials) or only by local runs (AWS_ENDPOINT_URL*).
     */
    private static final Map<String, String> NOT_IN_TEMPLATE = Map.of(
            "ALLOW_PRIVATE_TARGETS", "local/dev only (LocalOptions, Main): a deployed stack must never allow private targets",
            "OUTBOUND_EXTRA_CA_FILE", "local/test only (the tests' receivers' CA): a deployed stack trusts the JDK's CAs",
            "ATTACHMENTS_DIR", "local only (LocalPlatform): the embedded engine has no S3, so stream attachments are files there");

    private static SamTemplate template;
    private static Map<String, Object> globals;

    @BeforeAll
    static void load() throws IOException {
        template = SamTemplate.load(RepoPaths.template());
        globals = map(map(template.root().get("Globals")).get("Function"));
    }

    // ------------------------------------------------------------------ functions and artifact

    @Test
    void everyHandlerIsARequestHandlerWithTheConstructorsLambdaAndTheLocalRunnerUse() throws Exception {
        List<FunctionSpec> functions = template.functions();
        assertFalse(functions.isEmpty());
        for (FunctionSpec f : functions) {
            String where = f.logicalId() + " (" + f.handlerClass() + "::" + f.handlerMethod() + ")";
            Class<?> type = assertDoesNotThrow(() -> Class.forName(f.handlerClass()), where + ": the Handler class must exist");
            assertTrue(RequestHandler.class.isAssignableFrom(type)
                    || com.amazonaws.services.lambda.runtime.RequestStreamHandler.class.isAssignableFrom(type),
                    where + " must implement RequestHandler or RequestStreamHandler");
            assertTrue(Modifier.isPublic(type.getModifiers()) && !Modifier.isAbstract(type.getModifiers()),
                    where + " must be a public concrete class");
            assertDoesNotThrow(() -> type.getConstructor(), where + ": Lambda needs a public no-arg constructor");
            assertDoesNotThrow(() -> type.getConstructor(dev.hookline.functions.wiring.Wiring.class),
                    where + ": tests and the local runner build it on a composition root");
            assertEquals(2, type.getConstructors().length, where + ": exactly those two constructors, "
                    + java.util.Arrays.toString(type.getConstructors()));
            assertEquals("handleRequest", f.handlerMethod(), where);
            String handler = String.valueOf(properties(f.logicalId()).get("Handler"));
            // Lambda's short form: the class alone, whose handleRequest the runtime calls (RequestHandler or
            // RequestStreamHandler); no "::method" that could name a method the class does not have.
            assertEquals(f.handlerClass(), handler, "Handler names the class");
            boolean found = false;
            for (Method m : type.getMethods()) {
                boolean typed = m.getParameterCount() == 2 && m.getParameterTypes()[1] == Context.class;
                boolean stream = m.getParameterCount() == 3 && m.getParameterTypes()[0] == java.io.InputStream.class
                        && m.getParameterTypes()[1] == java.io.OutputStream.class && m.getParameterTypes()[2] == Context.class;
                if (m.getName().equals("handleRequest") && (typed || stream) && !m.isBridge()) {
                    found = true;
                }
            }
            assertTrue(found, where + " has no public handleRequest(event, Context)");
        }
    }

    @Test
    void everyFunctionDeploysAShadedJarThatMavenBuilds() throws Exception {
        assertFalse(globals.containsKey("CodeUri"), "each function names its own jar, not the Globals");
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(RepoPaths.root().resolve("functions/pom.xml").toFile());
        Element shade = null;
        NodeList plugins = pom.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            if ("maven-shade-plugin".equals(childText(plugin, "artifactId"))) {
                shade = plugin;
            }
        }
        assertNotNull(shade, "functions/pom.xml builds the artifacts with maven-shade-plugin");
        java.util.Set<String> built = new java.util.TreeSet<>();
        NodeList finalNames = shade.getElementsByTagName("finalName");
        for (int i = 0; i < finalNames.getLength(); i++) {
            built.add(ARTIFACT_DIR + finalNames.item(i).getTextContent().strip() + ".jar");
        }
        NodeList attached = shade.getElementsByTagName("shadedArtifactAttached");
        assertTrue(attached.getLength() == 0 || "false".equals(attached.item(0).getTextContent().strip()),
                "an attached shaded artifact gets a classifier, so the jar would not be named by its finalName");

        java.util.Set<String> used = new java.util.TreeSet<>();
        for (FunctionSpec f : template.functions()) {
            assertTrue(built.contains(f.codeUri()), f.logicalId() + " CodeUri " + f.codeUri() + " is none of " + built);
            used.add(f.codeUri());
            Path jar = RepoPaths.root().resolve(f.codeUri());
            if (Files.exists(jar)) { // present after `mvn package`; then it must hold the handler and its dependencies
                try (JarFile j = new JarFile(jar.toFile())) {
                    String entry = f.handlerClass().replace('.', '/') + ".class";
                    assertNotNull(j.getEntry(entry), f.codeUri() + " lacks " + entry);
                    assertNotNull(j.getEntry("com/amazonaws/services/lambda/runtime/Context.class"),
                            f.codeUri() + " carries its dependencies");
                }
            }
        }
        assertEquals(built, used, "every jar the build makes is deployed by some function");
    }

    @Test
    void everyFunctionRunsJava25OnArm64WithSnapStartOnAPublishedAlias() {
        for (FunctionSpec f : template.functions()) {
            Map<String, Object> merged = merged(f.logicalId());
            assertEquals("java25", merged.get("Runtime"), f.logicalId());
            assertEquals("java25", f.runtime(), f.logicalId());
            assertEquals(List.of("arm64"), merged.get("Architectures"), f.logicalId());
            assertEquals("PublishedVersions", map(merged.get("SnapStart")).get("ApplyOn"), f.logicalId() + " SnapStart");
            Object alias = merged.get("AutoPublishAlias");
            assertTrue(alias instanceof String s && !s.isBlank(),
                    f.logicalId() + ": SnapStart only applies to published versions, so AutoPublishAlias must be set");
            assertTrue(f.timeoutSeconds() >= 1 && f.timeoutSeconds() <= 900, f.logicalId() + " Timeout");
        }
    }

    @Test
    void noTwoFunctionsClaimTheSameRouteAndEveryRouteIsOnADeclaredHttpApi() {
        Map<String, String> owner = new HashMap<>();
        for (FunctionSpec f : template.functions()) {
            for (FunctionSpec.HttpRoute r : f.httpRoutes()) {
                assertTrue(r.path().startsWith("/"), f.logicalId() + " route " + r.path());
                String previous = owner.put(r.routeKey(), f.logicalId());
                assertEquals(null, previous, r.routeKey() + " is claimed by " + previous + " and " + f.logicalId());
                Object apiId = map(map(map(map(properties(f.logicalId()).get("Events")).get(r.eventName())).get("Properties")))
                        .get("ApiId");
                assertTrue(apiId instanceof Map<?, ?> ref && ref.get("Ref") instanceof String id
                                && HTTP_API.equals(template.typeOf(id)),
                        f.logicalId() + "." + r.eventName() + " ApiId must be !Ref to the declared HttpApi, got " + apiId);
            }
        }
    }

    // ------------------------------------------------------------------ references and environment

    @Test
    void everyRefGetAttAndSubVariableNamesSomethingDeclared() {
        Set<String> parameters = template.parameterDefaults().keySet();
        List<Reference> refs = new ArrayList<>();
        walk(template.root(), "", refs);
        assertTrue(refs.size() > 30, "the walk found the template's references: " + refs.size());
        List<String> problems = new ArrayList<>();
        for (Reference r : refs) {
            String type = template.typeOf(r.name());
            if (r.attribute() == null && r.name().contains(".") && !r.name().startsWith("AWS::")) {
                // SAM's referable properties: `!Ref Api.Stage` names the stage SAM generates for the HttpApi.
                String owner = r.name().substring(0, r.name().indexOf('.'));
                String property = r.name().substring(owner.length() + 1);
                if (!SAM_REFERABLE.getOrDefault(String.valueOf(template.typeOf(owner)), Set.of()).contains(property)) {
                    problems.add(r + ": not a SAM referable property of a declared resource");
                }
            } else if (r.attribute() == null) {
                if (type == null && !parameters.contains(r.name()) && !PSEUDO_PARAMETERS.contains(r.name())) {
                    problems.add(r + ": not a resource, parameter or pseudo parameter");
                }
            } else if (type == null) {
                problems.add(r + ": no such resource");
            } else if (ATTRIBUTES.containsKey(type) && !ATTRIBUTES.get(type).contains(r.attribute())) {
                problems.add(r + ": " + type + " has no attribute " + r.attribute());
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyEnvironmentVariableResolvesAndItsNameSaysWhatItHolds() {
        Intrinsics intrinsics = fakeIntrinsics();
        Set<String> dlqs = new TreeSet<>(deadLetterTargets().keySet());
        dlqs.addAll(onFailureDestinations());
        for (FunctionSpec f : template.functions()) {
            assertFalse(f.environment().isEmpty(), f.logicalId() + " has an environment");
            f.environment().forEach((name, value) -> {
                String resolved = assertDoesNotThrow(() -> intrinsics.resolve(value), f.logicalId() + " " + name + " = " + value);
                assertFalse(resolved.isBlank(), f.logicalId() + " " + name + " resolves to nothing");
                if (value instanceof Map<?, ?> m && m.get("Ref") instanceof String id && template.typeOf(id) != null) {
                    // ResourceHealth finds resources by these suffixes, so a name must say what it refers to.
                    String type = template.typeOf(id);
                    if (name.endsWith("_TABLE")) {
                        assertEquals(TABLE, type, name);
                    } else if (name.endsWith("_DLQ_URL")) {
                        assertEquals(QUEUE, type, name);
                        assertTrue(dlqs.contains(id), name + " names " + id
                                + ", which is no queue's dead-letter target nor an event source's on-failure destination");
                    } else if (name.endsWith("_QUEUE_URL")) {
                        assertEquals(QUEUE, type, name);
                        assertFalse(dlqs.contains(id), name + " names the dead-letter queue " + id);
                    } else if (name.endsWith("_SECRET_ARN")) {
                        assertEquals(SECRET, type, name);
                    } else if (name.endsWith("_BUCKET")) {
                        assertEquals("AWS::S3::Bucket", type, name);
                    } else {
                        fail(name + " refers to " + type + " " + id + " but its name ends in none of _TABLE, _QUEUE_URL, _DLQ_URL, _SECRET_ARN, _BUCKET");
                    }
                }
            });
        }
    }

    private static final Pattern ENV_READ = Pattern.compile(
            "\\benv(?:\\(\\))?\\s*\\.\\s*(?:require|optional|flag|integer)\\(\\s*\"([A-Za-z0-9_]+)\"");
    private static final Pattern ENV_SUFFIX = Pattern.compile("\\bendingWith\\(\\s*\"([A-Za-z0-9_]+)\"");
    /** A log4j configuration's environment lookup, {@code ${env:NAME}} or {@code ${env:NAME:-default}}. */
    private static final Pattern ENV_LOOKUP = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)");
    /** Read by the libraries in the jars, not by our code: log4j picks its configuration, Powertools its service. */
    private static final Set<String> READ_BY_LIBRARIES = Set.of("LOG4J_CONFIGURATION_FILE", "POWERTOOLS_SERVICE_NAME");

    @Test
    void everyVariableTheCodeReadsIsDeclaredInTheTemplate() throws IOException {
        SourceScan scan = scanSources();
        assertTrue(scan.names().containsAll(Set.of("ENTITIES_TABLE", "DELIVERIES_TABLE", "ADMIN_KEY_SECRET_ARN",
                "MASTER_KEY_SECRET_ARN", "DELIVERY_QUEUE_URL", "RECONCILE_AFTER_SECONDS")), "the scan finds the reads: " + scan.names());

        Set<String> declared = new TreeSet<>(map(map(globals.get("Environment")).get("Variables")).keySet());
        Map<String, Set<String>> perFunction = new TreeMap<>();
        for (FunctionSpec f : template.functions()) {
            perFunction.put(f.logicalId(), f.environment().keySet());
        }
        List<String> missing = new ArrayList<>();
        for (String name : scan.names()) {
            if (name.startsWith("AWS_") || NOT_IN_TEMPLATE.containsKey(name)) {
                continue;
            }
            boolean everywhere = declared.contains(name);
            boolean somewhere = perFunction.values().stream().anyMatch(vars -> vars.contains(name));
            if (!everywhere && !somewhere) {
                missing.add(name + " (read in " + scan.where().get(name) + ")");
            }
        }
        assertEquals(List.of(), missing, "read by the code but declared neither in Globals nor in a function");

        for (String name : NOT_IN_TEMPLATE.keySet()) {
            assertTrue(scan.names().contains(name), name + " is listed as an exception but no code reads it any more");
        }
        assertFalse(perFunction.values().stream().anyMatch(vars -> vars.contains("ALLOW_PRIVATE_TARGETS")),
                "ALLOW_PRIVATE_TARGETS must never be set by the deployed template");
    }

    @Test
    void everyVariableTheTemplateDeclaresIsReadByTheCode() throws IOException {
        SourceScan scan = scanSources();
        for (FunctionSpec f : template.functions()) {
            for (String name : f.environment().keySet()) {
                boolean read = scan.names().contains(name) || scan.suffixes().stream().anyMatch(name::endsWith);
                assertTrue(read, f.logicalId() + " declares " + name + " but no code reads it (by name or by suffix "
                        + scan.suffixes() + ")");
            }
        }
    }

    // ------------------------------------------------------------------ queues and event sources

    @Test
    void everySqsEventSourceReportsItemFailuresOnAQueueWhoseVisibilityIsSixTimesTheTimeout() {
        int sources = 0;
        for (FunctionSpec f : template.functions()) {
            for (FunctionSpec.SqsEventSource s : f.sqsSources()) {
                sources++;
                String where = f.logicalId() + "." + s.eventName();
                assertTrue(s.reportBatchItemFailures(), where + " needs FunctionResponseTypes: [ReportBatchItemFailures]");
                assertTrue(s.queue() instanceof Map<?, ?> m && m.get("Fn::GetAtt") instanceof List<?> parts
                                && parts.size() == 2 && "Arn".equals(parts.get(1)),
                        where + " Queue must be !GetAtt <Queue>.Arn, got " + s.queue());
                String queue = String.valueOf(((List<?>) map(s.queue()).get("Fn::GetAtt")).get(0));
                assertEquals(QUEUE, template.typeOf(queue), where + " consumes " + queue);
                int visibility = integer(template.properties(queue).get("VisibilityTimeout"), 30);
                assertTrue(visibility >= 6 * f.timeoutSeconds(), where + ": " + queue + " VisibilityTimeout " + visibility
                        + " s < 6 x " + f.logicalId() + " Timeout " + f.timeoutSeconds() + " s");
                int max = s.batchingWindowSeconds() >= 1 && !isFifo(queue) ? 10_000 : 10;
                assertTrue(s.batchSize() >= 1 && s.batchSize() <= max, where + " BatchSize " + s.batchSize()
                        + " (more than 10 needs MaximumBatchingWindowInSeconds >= 1 on a standard queue)");
            }
        }
        assertTrue(sources >= 1, "delivery consumes a queue");
    }

    /**
     * Both delivery lanes feed the delivery function, and the slow lane is capped (ScalingConfig) so slow endpoints
     * can never take all of the function's concurrency; every function that queues deliveries may use either lane.
     */
    @Test
    void theDeliveryFunctionConsumesBothLanesAndTheSlowLaneIsCapped() {
        FunctionSpec delivery = template.functions().stream().filter(f -> f.logicalId().equals("DeliveryFunction"))
                .findFirst().orElseThrow();
        Map<String, FunctionSpec.SqsEventSource> byQueue = new TreeMap<>();
        delivery.sqsSources().forEach(s -> byQueue.put(String.valueOf(((List<?>) map(s.queue()).get("Fn::GetAtt")).get(0)), s));
        assertEquals(Set.of("DeliveryQueue", "DeliverySlowQueue"), byQueue.keySet());
        assertEquals(0, byQueue.get("DeliveryQueue").maximumConcurrency(), "the fast lane scales freely");
        int slowCap = byQueue.get("DeliverySlowQueue").maximumConcurrency();
        assertTrue(slowCap >= 2 && slowCap <= 1000, "ScalingConfig.MaximumConcurrency is 2..1000, got " + slowCap);
        String policies = String.valueOf(properties("DeliveryFunction").get("Policies"));
        assertTrue(policies.contains("DeliveryQueue") && policies.contains("DeliverySlowQueue"),
                "DeliveryFunction sends to both lanes: " + policies);
        // The scheduler queues due deliveries on the fast lane; the lane gate hands a slow endpoint's on, unsent.
        String scheduler = String.valueOf(properties("SchedulerFunction").get("Policies"));
        assertTrue(scheduler.contains("DeliveryQueue.QueueName") || scheduler.contains("DeliveryQueue, QueueName"),
                "SchedulerFunction sends to the fast lane: " + scheduler);
    }

    @Test
    void everyWorkQueueRedrivesToItsOwnDeadLetterQueueOfTheSameKind() {
        Map<String, String> dlqToSource = deadLetterTargets();
        List<String> problems = new ArrayList<>();
        for (String queue : template.resourcesOfType(QUEUE).keySet()) {
            Map<String, Object> props = template.properties(queue);
            if (dlqToSource.containsKey(queue) || onFailureDestinations().contains(queue)) {
                if (props.containsKey("RedrivePolicy")) {
                    problems.add(queue + " is a dead-letter queue but has its own RedrivePolicy");
                }
                continue;
            }
            Map<String, Object> redrive = map(props.get("RedrivePolicy"));
            if (redrive.isEmpty()) {
                problems.add(queue + " has no RedrivePolicy");
                continue;
            }
            String dlq = getAttArnTarget(redrive.get("deadLetterTargetArn"));
            if (dlq == null || !QUEUE.equals(template.typeOf(dlq)) || dlq.equals(queue)) {
                problems.add(queue + " deadLetterTargetArn must be !GetAtt <another queue>.Arn, got " + redrive.get("deadLetterTargetArn"));
                continue;
            }
            int receives = integer(redrive.get("maxReceiveCount"), 0);
            if (receives < 1 || receives > 1000) {
                problems.add(queue + " maxReceiveCount " + redrive.get("maxReceiveCount"));
            }
            if (isFifo(queue) != isFifo(dlq)) {
                problems.add(queue + (isFifo(queue) ? " is FIFO" : " is standard") + " but its DLQ " + dlq
                        + (isFifo(dlq) ? " is FIFO" : " is standard") + " (SQS requires the same kind)");
            }
            int retention = integer(props.get("MessageRetentionPeriod"), 345_600);
            int dlqRetention = integer(template.properties(dlq).get("MessageRetentionPeriod"), 345_600);
            if (dlqRetention < retention) {
                problems.add(dlq + " keeps messages " + dlqRetention + " s, less than " + queue + "'s " + retention
                        + " s (expiry counts from the original enqueue)");
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(dlqToSource.size() >= 3, "the template's DLQs: " + dlqToSource);
    }

    /** Queues that a stream event source mapping sends the records it gives up on to. */
    private static Set<String> onFailureDestinations() {
        Set<String> out = new TreeSet<>();
        for (FunctionSpec f : template.functions()) {
            for (FunctionSpec.StreamEventSource s : f.streamSources()) {
                String queue = getAttArnTarget(s.onFailure());
                if (queue != null) {
                    out.add(queue);
                }
            }
        }
        return out;
    }

    /** dead-letter queue -> the one queue that redrives to it (a DLQ shared by two queues fails the test). */
    private static Map<String, String> deadLetterTargets() {
        Map<String, String> out = new LinkedHashMap<>();
        template.resourcesOfType(QUEUE).forEach((id, resource) -> {
            String dlq = getAttArnTarget(map(template.properties(id).get("RedrivePolicy")).get("deadLetterTargetArn"));
            if (dlq != null) {
                String previous = out.put(dlq, id);
                assertEquals(null, previous, dlq + " is the DLQ of both " + previous + " and " + id + "; each queue gets its own");
            }
        });
        return out;
    }

    @Test
    void fanOutReadsTheDeliveriesTablesStreamAndOnlyMessagesThatBecameReady() {
        FunctionSpec fanout = template.functions().stream().filter(f -> f.handlerClass().endsWith(".FanoutHandler"))
                .findFirst().orElseThrow(() -> new AssertionError("no function runs FanoutHandler"));
        assertTrue(fanout.sqsSources().isEmpty(), "publishing is one write: fan-out takes no queue");
        assertEquals(1, fanout.streamSources().size(), "fan-out's event source is the table's change stream");
        FunctionSpec.StreamEventSource source = fanout.streamSources().getFirst();
        Object stream = source.stream();
        assertTrue(stream instanceof Map<?, ?> m && m.get("Fn::GetAtt") instanceof List<?> parts && parts.size() == 2
                && "StreamArn".equals(parts.get(1)) && TABLE.equals(template.typeOf(String.valueOf(parts.get(0)))),
                "Stream must be !GetAtt <Table>.StreamArn, got " + stream);
        String table = String.valueOf(((List<?>) map(stream).get("Fn::GetAtt")).get(0));
        assertEquals("NEW_AND_OLD_IMAGES", map(template.properties(table).get("StreamSpecification")).get("StreamViewType"),
                "the filter reads the old image of a released message");
        assertEquals("TRIM_HORIZON", source.startingPosition(), "a new mapping must not skip messages already written");
        assertTrue(source.reportBatchItemFailures(), "one failed message must not replay the whole batch");
        assertTrue(source.bisectOnError(), "a crashing message is isolated by bisection");
        assertTrue(source.maxRetryAttempts() >= 0, "a poison message must not block the shard forever");
        assertEquals(QUEUE, template.typeOf(getAttArnTarget(source.onFailure())), "given-up records go to a queue");

        // The filter, run as the local runner runs it: what fan-out must see, and what it must never be woken for.
        dev.hookline.local.streams.EventFilter filter = dev.hookline.local.streams.EventFilter.of(source.filters());
        assertTrue(filter.matches(record("INSERT", Map.of("outbox", "ready"), null)), "a new message");
        assertTrue(filter.matches(record("MODIFY", Map.of("outbox", "ready"), Map.of("outbox", "scheduled"))),
                "a scheduled message the scheduler released");
        assertFalse(filter.matches(record("INSERT", Map.of("outbox", "scheduled"), null)), "a message for later");
        assertFalse(filter.matches(record("MODIFY", Map.of("outbox", "ready"), Map.of("outbox", "ready"))),
                "a message written again");
        assertFalse(filter.matches(record("INSERT", Map.of("status", "pending"), null)), "a delivery");
        assertFalse(filter.matches(record("REMOVE", null, Map.of("outbox", "ready"))), "a message expiring");
    }

    /** A change stream record as Lambda's filters see it: images in DynamoDB's typed JSON. */
    private static com.fasterxml.jackson.databind.JsonNode record(String eventName, Map<String, String> newImage,
                                                                 Map<String, String> oldImage) {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var record = json.createObjectNode().put("eventName", eventName);
        var dynamodb = record.putObject("dynamodb");
        if (newImage != null) {
            var image = dynamodb.putObject("NewImage");
            newImage.forEach((k, v) -> image.putObject(k).put("S", v));
        }
        if (oldImage != null) {
            var image = dynamodb.putObject("OldImage");
            oldImage.forEach((k, v) -> image.putObject(k).put("S", v));
        }
        return record;
    }

    @Test
    void leasesOutlastTheFunctionsThatHoldThem() {
        FunctionSpec ingest = template.functions().stream().filter(f -> f.handlerClass().endsWith(".IngestHandler"))
                .findFirst().orElseThrow();
        assertTrue(Duration.ofSeconds(ingest.timeoutSeconds()).compareTo(dev.hookline.core.inbound.IngestService.CLAIM_LEASE) < 0,
                "a live ingest call must never lose its dedup claim to its own retry: Timeout " + ingest.timeoutSeconds()
                        + " s, lease " + dev.hookline.core.inbound.IngestService.CLAIM_LEASE);

        FunctionSpec scheduler = template.functions().stream().filter(f -> f.handlerClass().endsWith(".SchedulerHandler"))
                .findFirst().orElseThrow();
        int grace = integer(scheduler.environment().get("RECONCILE_AFTER_SECONDS"), 0);
        for (FunctionSpec f : template.functions()) {
            for (FunctionSpec.SqsEventSource s : f.sqsSources()) {
                if (f.handlerClass().endsWith(".DeliveryHandler")) {
                    String queue = String.valueOf(((List<?>) map(s.queue()).get("Fn::GetAtt")).get(0));
                    int visibility = integer(template.properties(queue).get("VisibilityTimeout"), 30);
                    assertTrue(grace > visibility, "the reconciler re-queues only deliveries overdue by more than "
                            + queue + "'s visibility timeout (" + visibility + " s), not ones merely in flight: " + grace);
                }
            }
        }
    }

    // ------------------------------------------------------------------ tables, API, policies, schedule

    @Test
    void everyTableIsOnDemandWithTtlAndPointInTimeRecovery() {
        Map<String, Map<String, Object>> tables = template.resourcesOfType(TABLE);
        assertFalse(tables.isEmpty());
        for (String table : tables.keySet()) {
            Map<String, Object> p = template.properties(table);
            assertEquals("PAY_PER_REQUEST", p.get("BillingMode"), table);
            Map<String, Object> ttl = map(p.get("TimeToLiveSpecification"));
            assertEquals(Boolean.TRUE, bool(ttl.get("Enabled")), table + " TimeToLiveSpecification.Enabled");
            assertTrue(ttl.get("AttributeName") instanceof String s && !s.isBlank(), table + " TTL attribute");
            assertEquals(Boolean.TRUE, bool(map(p.get("PointInTimeRecoverySpecification")).get("PointInTimeRecoveryEnabled")),
                    table + " PointInTimeRecoveryEnabled");

            // CloudFormation refuses a table whose AttributeDefinitions are not exactly its key attributes.
            Set<String> defined = new TreeSet<>();
            list(p.get("AttributeDefinitions")).forEach(d -> defined.add(String.valueOf(map(d).get("AttributeName"))));
            Set<String> keys = new TreeSet<>();
            list(p.get("KeySchema")).forEach(k -> keys.add(String.valueOf(map(k).get("AttributeName"))));
            list(p.get("GlobalSecondaryIndexes")).forEach(g ->
                    list(map(g).get("KeySchema")).forEach(k -> keys.add(String.valueOf(map(k).get("AttributeName")))));
            assertEquals(defined, keys, table + ": AttributeDefinitions must be exactly the key attributes");
        }
    }

    /** Types the local platform creates or runs (TemplateProvisioner, LocalPlatform); it skips every other type. */
    /** A bucket is created on engines with S3 (moto, LocalStack) and is a directory on the embedded one. */
    private static final Set<String> EMULATED = Set.of(TABLE, QUEUE, SECRET, FUNCTION, HTTP_API, "AWS::S3::Bucket");

    /** Types the local platform skips on purpose, each with the reason. */
    private static final Map<String, String> NOT_EMULATED = Map.of(
            "AWS::ApiGatewayV2::DomainName", "custom domain and mutual TLS: the local gateway serves one plain HTTP address",
            "AWS::ApiGatewayV2::ApiMapping", "maps the custom domain to the API; nothing to map locally",
            "AWS::CloudWatch::Alarm", "alarms on CloudWatch metrics; locally the EMF metrics go to the log only",
            "AWS::S3::BucketPolicy", "denies plain-HTTP access to the attachments bucket; local engines have no IAM to enforce it");

    @Test
    void everyResourceTypeIsEmulatedOrSkippedForAStatedReason() {
        Set<String> unknown = new TreeSet<>();
        template.resources().values().forEach(r -> {
            String type = String.valueOf(r.get("Type"));
            if (!EMULATED.contains(type) && !NOT_EMULATED.containsKey(type)) {
                unknown.add(type);
            }
        });
        assertEquals(Set.of(), unknown, "decide whether the local platform emulates these, and say why in NOT_EMULATED if not");
    }

    @Test
    void theCustomDomainIsConditionalAndMutualTlsClosesTheExecuteApiEndpoint() {
        Map<String, Map<String, Object>> domains = template.resourcesOfType("AWS::ApiGatewayV2::DomainName");
        Map<String, Map<String, Object>> mappings = template.resourcesOfType("AWS::ApiGatewayV2::ApiMapping");
        assertEquals(1, domains.size(), "one custom domain");
        assertEquals(1, mappings.size(), "one API mapping");
        String domain = domains.keySet().iterator().next();
        String mapping = mappings.keySet().iterator().next();
        assertEquals("HasCustomDomain", domains.get(domain).get("Condition"));
        assertEquals("HasCustomDomain", mappings.get(mapping).get("Condition"));
        Map<String, Object> m = properties(mapping);
        assertEquals(Map.of("Ref", domain), m.get("DomainName"));
        String api = template.resourcesOfType(HTTP_API).keySet().iterator().next();
        assertEquals(Map.of("Ref", api), m.get("ApiId"));
        assertEquals(Map.of("Ref", api + ".Stage"), m.get("Stage"), "the stage SAM generates for the HttpApi");

        Map<String, Object> tls = map(properties(domain).get("MutualTlsAuthentication"));
        assertEquals("HasTruststore", list(tls.get("Fn::If")).get(0), "mutual TLS only with a truststore");
        assertEquals(Map.of("Fn::If", List.of("HasTruststore", true, false)), properties(api).get("DisableExecuteApiEndpoint"),
                "with mutual TLS the execute-api URL would let callers skip it");
        for (Object config : list(properties(domain).get("DomainNameConfigurations"))) {
            assertEquals("TLS_1_2", map(config).get("SecurityPolicy"), "mutual TLS needs TLS 1.2");
        }
        Map<String, Object> outputs = map(template.root().get("Outputs"));
        assertEquals("HasCustomDomain", map(outputs.get("CustomDomainUrl")).get("Condition"));
        assertEquals("HasCustomDomain", map(outputs.get("CustomDomainTarget")).get("Condition"));
    }

    @Test
    void thereIsAnHttpApiAndAnApiUrlOutputPointingAtIt() {
        Map<String, Map<String, Object>> apis = template.resourcesOfType(HTTP_API);
        assertEquals(1, apis.size(), "one HttpApi");
        Map<String, Object> apiUrl = map(map(template.root().get("Outputs")).get("ApiUrl"));
        assertFalse(apiUrl.isEmpty(), "Outputs.ApiUrl");
        List<Reference> refs = new ArrayList<>();
        walk(apiUrl.get("Value"), "Outputs.ApiUrl", refs);
        String api = apis.keySet().iterator().next();
        assertTrue(refs.stream().anyMatch(r -> r.name().equals(api)), "ApiUrl must be built from " + api + ": " + refs);
        String resolved = fakeIntrinsics().resolve(apiUrl.get("Value"));
        assertTrue(resolved.startsWith("https://"), resolved);
        assertTrue(resolved.contains(".execute-api."), resolved);
    }

    @Test
    void everyPolicyNamesADeclaredResourceOfTheRightKind() {
        List<String> problems = new ArrayList<>();
        for (FunctionSpec f : template.functions()) {
            for (Object policy : list(properties(f.logicalId()).get("Policies"))) {
                if (policy instanceof String) {
                    continue; // an AWS managed policy by name
                }
                Map<String, Object> p = map(policy);
                assertEquals(1, p.size(), f.logicalId() + " policy " + policy);
                String name = p.keySet().iterator().next();
                Map<String, Object> args = map(p.get(name));
                String where = f.logicalId() + " " + name;
                switch (name) {
                    case "DynamoDBCrudPolicy", "DynamoDBReadPolicy", "DynamoDBWritePolicy" ->
                            expectRef(args.get("TableName"), TABLE, where + " TableName", problems);
                    case "SQSSendMessagePolicy", "SQSPollerPolicy" -> {
                        // SAM's SQS policy templates take a queue *name*: !GetAtt Q.QueueName, not the URL or ARN.
                        Object q = args.get("QueueName");
                        if (!(q instanceof Map<?, ?> m && m.get("Fn::GetAtt") instanceof List<?> parts && parts.size() == 2
                                && "QueueName".equals(parts.get(1)) && QUEUE.equals(template.typeOf(String.valueOf(parts.get(0)))))) {
                            problems.add(where + " QueueName must be !GetAtt <declared queue>.QueueName, got " + q);
                        }
                    }
                    case "AWSSecretsManagerGetSecretValuePolicy" -> expectRef(args.get("SecretArn"), SECRET, where + " SecretArn", problems);
                    case "Statement" -> {
                        for (Object statement : list(p.get("Statement"))) {
                            checkStatement(where, map(statement), problems);
                        }
                    }
                    default -> problems.add(where + ": a policy template this test does not know; teach it what the template needs");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    private static void checkStatement(String where, Map<String, Object> statement, List<String> problems) {
        Set<String> services = new TreeSet<>();
        Object actions = statement.get("Action");
        for (Object a : actions instanceof List<?> l ? l : List.of(String.valueOf(actions))) {
            services.add(String.valueOf(a).split(":")[0]);
        }
        Map<String, String> expected = Map.of("sqs", QUEUE, "dynamodb", TABLE, "secretsmanager", SECRET);
        List<Reference> refs = new ArrayList<>();
        walk(statement.get("Resource"), where, refs);
        for (Reference r : refs) {
            if (r.name().startsWith("AWS::") || template.parameterDefaults().containsKey(r.name())) {
                // An ARN pattern built from parameters (e.g. secrets under a name prefix that live outside the
                // stack, such as sources' secret_arn): no declared resource to point at, by design.
                continue;
            }
            String type = template.typeOf(r.name());
            if (type == null) {
                problems.add(where + " " + statement.get("Sid") + " names undeclared " + r.name());
                continue;
            }
            for (String service : services) {
                if (expected.containsKey(service) && !expected.get(service).equals(type)) {
                    problems.add(where + " " + statement.get("Sid") + ": " + service + " actions on " + r.name() + " (" + type + ")");
                }
            }
            if (r.attribute() != null && !"Arn".equals(r.attribute())) {
                problems.add(where + " " + statement.get("Sid") + ": a Resource is an ARN, got " + r);
            }
            if (r.attribute() == null && !SECRET.equals(type)) {
                problems.add(where + " " + statement.get("Sid") + ": !Ref " + r.name() + " is not an ARN for " + type);
            }
        }
    }

    private static void expectRef(Object value, String type, String where, List<String> problems) {
        if (!(value instanceof Map<?, ?> m && m.get("Ref") instanceof String id && type.equals(template.typeOf(id)))) {
            problems.add(where + " must be !Ref <declared " + type + ">, got " + value);
        }
    }

    @Test
    void theSchedulerRunsOnARateSchedule() {
        FunctionSpec scheduler = template.functions().stream()
                .filter(f -> f.handlerClass().endsWith(".SchedulerHandler")).findFirst()
                .orElseThrow(() -> new AssertionError("no function runs SchedulerHandler"));
        assertFalse(scheduler.schedules().isEmpty(), scheduler.logicalId() + " has a Schedule event");
        for (FunctionSpec.Schedule s : scheduler.schedules()) {
            assertTrue(s.expression().startsWith("rate("), s.expression());
            Duration period = ScheduleExpression.period(s.expression());
            assertTrue(period.compareTo(Duration.ofMinutes(5)) <= 0,
                    "due retries wait at most one period: " + s.expression());
        }
    }

    // ------------------------------------------------------------------ the YAML reader itself

    @Test
    void shortFormTagsBecomeTheirLongFormWhereAGenericYamlReaderWouldLoseThem(@TempDir Path dir) throws IOException {
        Path yaml = dir.resolve("template.yaml");
        Files.writeString(yaml, """
                Parameters:
                  Stage: {Type: String, Default: dev}
                Resources:
                  Api:
                    Type: AWS::Serverless::HttpApi
                  DLQ:
                    Type: AWS::SQS::Queue
                  Work:
                    Type: AWS::SQS::Queue
                    Properties:
                      RedrivePolicy:
                        deadLetterTargetArn: !GetAtt DLQ.Arn
                        maxReceiveCount: 5
                      AsList: !GetAtt [DLQ, QueueName]
                      Name: !Ref Stage
                      Url: !Sub 'https://${Api}.execute-api.${AWS::Region}.amazonaws.com/${Stage}/${!Literal}'
                      Pair: !Sub ['${Name}-work', {Name: !Ref Stage}]
                      Joined: !Join ['-', [hookline, !Ref Stage]]
                      Quoted: '!Ref NotATag'
                """, StandardCharsets.UTF_8);

        Map<String, Object> root = CloudFormationYaml.read(yaml);
        Map<String, Object> work = map(map(map(root.get("Resources")).get("Work")).get("Properties"));
        assertEquals(Map.of("Fn::GetAtt", List.of("DLQ", "Arn")), map(work.get("RedrivePolicy")).get("deadLetterTargetArn"));
        assertEquals(5, map(work.get("RedrivePolicy")).get("maxReceiveCount"));
        assertEquals(Map.of("Fn::GetAtt", List.of("DLQ", "QueueName")), work.get("AsList"));
        assertEquals(Map.of("Ref", "Stage"), work.get("Name"));
        assertEquals(Map.of("Fn::Sub", "https://${Api}.execute-api.${AWS::Region}.amazonaws.com/${Stage}/${!Literal}"),
                work.get("Url"));
        assertEquals(Map.of("Fn::Sub", List.of("${Name}-work", Map.of("Name", Map.of("Ref", "Stage")))), work.get("Pair"));
        assertEquals(Map.of("Fn::Join", List.of("-", List.of("hookline", Map.of("Ref", "Stage")))), work.get("Joined"));
        assertEquals("!Ref NotATag", work.get("Quoted"), "a quoted scalar stays a string");

        // A generic YAML reader either drops the tags (Jackson: "DLQ.Arn" becomes a plain string) or refuses them.
        assertThrows(ConstructorException.class, () -> new Yaml().load(Files.readString(yaml)));

        Intrinsics intrinsics = new Intrinsics(
                Map.of("Api", new Intrinsics.Resolved("abc123", Map.of()),
                        "DLQ", new Intrinsics.Resolved("http://q/DLQ", Map.of("Arn", "arn:aws:sqs:us-east-1:1:DLQ", "QueueName", "DLQ"))),
                Map.of("Stage", "dev"), Map.of("AWS::Region", "eu-west-1"));
        assertEquals("arn:aws:sqs:us-east-1:1:DLQ", intrinsics.resolve(map(work.get("RedrivePolicy")).get("deadLetterTargetArn")));
        assertEquals("DLQ", intrinsics.resolve(work.get("AsList")));
        assertEquals("dev", intrinsics.resolve(work.get("Name")));
        assertEquals("https://abc123.execute-api.eu-west-1.amazonaws.com/dev/${Literal}", intrinsics.resolve(work.get("Url")));
        assertEquals("dev-work", intrinsics.resolve(work.get("Pair")));
        assertEquals("hookline-dev", intrinsics.resolve(work.get("Joined")));
    }

    // ------------------------------------------------------------------ helpers

    private record Reference(String where, String name, String attribute) {
        @Override
        public String toString() {
            return where + ": " + (attribute == null ? "Ref " + name : name + "." + attribute);
        }
    }

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

    /** Every Ref, Fn::GetAtt and ${…} of Fn::Sub under the node (Sub's own variable names excluded). */
    private static void walk(Object node, String where, List<Reference> out) {
        if (node instanceof Map<?, ?> m) {
            if (m.size() == 1) {
                String key = String.valueOf(m.keySet().iterator().next());
                Object value = m.values().iterator().next();
                switch (key) {
                    case "Ref" -> out.add(new Reference(where, String.valueOf(value), null));
                    case "Fn::GetAtt" -> {
                        if (value instanceof List<?> parts && parts.size() == 2) {
                            out.add(new Reference(where, String.valueOf(parts.get(0)), String.valueOf(parts.get(1))));
                        } else if (value instanceof String s && s.contains(".")) {
                            out.add(new Reference(where, s.substring(0, s.indexOf('.')), s.substring(s.indexOf('.') + 1)));
                        } else {
                            out.add(new Reference(where, String.valueOf(value), "?"));
                        }
                    }
                    case "Fn::Sub" -> {
                        String text;
                        Set<String> variables = new LinkedHashSet<>();
                        if (value instanceof List<?> parts) {
                            text = String.valueOf(parts.get(0));
                            if (parts.size() > 1 && parts.get(1) instanceof Map<?, ?> vars) {
                                vars.keySet().forEach(k -> variables.add(String.valueOf(k)));
                                walk(vars, where, out);
                            }
                        } else {
                            text = String.valueOf(value);
                        }
                        Matcher matcher = SUB_VARIABLE.matcher(text);
                        while (matcher.find()) {
                            String expr = matcher.group(1);
                            if (expr.startsWith("!") || variables.contains(expr)) {
                                continue;
                            }
                            int dot = expr.indexOf('.');
                            out.add(dot > 0 && !expr.startsWith("AWS::")
                                    ? new Reference(where, expr.substring(0, dot), expr.substring(dot + 1))
                                    : new Reference(where, expr, null));
                        }
                        return;
                    }
                    default -> {
                    }
                }
            }
            m.forEach((k, v) -> walk(v, where.isEmpty() ? String.valueOf(k) : where + "." + k, out));
        } else if (node instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                walk(l.get(i), where + "[" + i + "]", out);
            }
        }
    }

    /** Fake but well-formed values for every resource, as TemplateProvisioner would answer after provisioning. */
    private static Intrinsics fakeIntrinsics() {
        Map<String, Intrinsics.Resolved> resources = new LinkedHashMap<>();
        template.resources().forEach((id, resource) -> {
            String type = String.valueOf(resource.get("Type"));
            String name = "hookline-" + id + "-FAKE";
            Intrinsics.Resolved resolved = switch (type) {
                case QUEUE -> new Intrinsics.Resolved("https://sqs.us-east-1.amazonaws.com/123456789012/" + name,
                        Map.of("Arn", "arn:aws:sqs:us-east-1:123456789012:" + name, "QueueName", name,
                                "QueueUrl", "https://sqs.us-east-1.amazonaws.com/123456789012/" + name));
                case TABLE -> new Intrinsics.Resolved(name, Map.of("Arn", "arn:aws:dynamodb:us-east-1:123456789012:table/" + name,
                        "StreamArn", "arn:aws:dynamodb:us-east-1:123456789012:table/" + name + "/stream/x"));
                case SECRET -> new Intrinsics.Resolved("arn:aws:secretsmanager:us-east-1:123456789012:secret:" + name + "-AbCdEf",
                        Map.of("Id", "arn:aws:secretsmanager:us-east-1:123456789012:secret:" + name + "-AbCdEf"));
                default -> new Intrinsics.Resolved("fake" + id.toLowerCase(java.util.Locale.ROOT),
                        Map.of("Arn", "arn:aws:fake:us-east-1:123456789012:" + name));
            };
            resources.put(id, resolved);
        });
        return new Intrinsics(resources, template.parameterDefaults(), Map.of("AWS::Region", "us-east-1",
                "AWS::AccountId", "123456789012", "AWS::StackName", "hookline", "AWS::Partition", "aws",
                "AWS::URLSuffix", "amazonaws.com", "AWS::NoValue", ""));
    }

    private record SourceScan(Set<String> names, Set<String> suffixes, Map<String, String> where) {
    }

    private static SourceScan scanSources() throws IOException {
        Set<String> names = new TreeSet<>();
        Set<String> suffixes = new TreeSet<>();
        Map<String, String> where = new TreeMap<>();
        for (String module : List.of("functions/src/main/java", "infrastructure/src/main/java")) {
            Path dir = RepoPaths.root().resolve(module);
            List<Path> files;
            try (Stream<Path> walk = Files.walk(dir)) {
                files = walk.filter(p -> p.toString().endsWith(".java")).toList();
            }
            for (Path file : files) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                Matcher m = ENV_READ.matcher(text);
                while (m.find()) {
                    names.add(m.group(1));
                    where.merge(m.group(1), file.getFileName().toString(), (a, b) -> a.contains(b) ? a : a + ", " + b);
                }
                Matcher s = ENV_SUFFIX.matcher(text);
                while (s.find()) {
                    suffixes.add(s.group(1));
                }
            }
        }
        try (Stream<Path> walk = Files.walk(RepoPaths.root().resolve("functions/src/main/resources"))) {
            for (Path file : walk.filter(p -> p.toString().endsWith(".xml")).toList()) {
                Matcher m = ENV_LOOKUP.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (m.find()) {
                    names.add(m.group(1));
                    where.merge(m.group(1), file.getFileName().toString(), (x, y) -> x.contains(y) ? x : x + ", " + y);
                }
            }
        }
        names.addAll(READ_BY_LIBRARIES);
        return new SourceScan(names, suffixes, where);
    }

    private static Map<String, Object> properties(String logicalId) {
        return template.properties(logicalId);
    }

    private static Map<String, Object> merged(String logicalId) {
        Map<String, Object> out = new LinkedHashMap<>(globals);
        out.putAll(properties(logicalId));
        return out;
    }

    private static String getAttArnTarget(Object value) {
        if (value instanceof Map<?, ?> m && m.get("Fn::GetAtt") instanceof List<?> parts && parts.size() == 2
                && "Arn".equals(parts.get(1))) {
            return String.valueOf(parts.get(0));
        }
        return null;
    }

    private static boolean isFifo(String queue) {
        return Boolean.TRUE.equals(bool(template.properties(queue).get("FifoQueue")));
    }

    private static Boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        return value == null ? null : Boolean.parseBoolean(String.valueOf(value));
    }

    private static int integer(Object value, int fallback) {
        if (value instanceof Number n) {
            return n.intValue();
        }
        return value == null ? fallback : Integer.parseInt(String.valueOf(value).strip());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }

    private static String childText(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e.getTextContent().strip();
            }
        }
        return null;
    }
}
