package dev.hookline.local;

import dev.hookline.infrastructure.aws.AwsClients;
import dev.hookline.infrastructure.config.Environment;
import dev.hookline.local.aws.AwsEndpoints;
import dev.hookline.local.aws.EmbeddedAws;
import dev.hookline.local.aws.TemplateProvisioner;
import dev.hookline.local.http.GatewayLimits;
import dev.hookline.local.http.HttpApiServer;
import dev.hookline.local.http.RouteTable;
import dev.hookline.local.runtime.LocalFunction;
import dev.hookline.local.schedule.ScheduleExpression;
import dev.hookline.local.schedule.ScheduleRunner;
import dev.hookline.local.sqs.SqsEventSource;
import dev.hookline.local.streams.DynamoDbStreamSource;
import dev.hookline.local.template.FunctionSpec;
import dev.hookline.local.template.Intrinsics;
import dev.hookline.local.template.SamTemplate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

import dev.hookline.infrastructure.attachments.DirectoryAttachmentStore;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole platform on one machine: AWS resources created from template.yaml (in the embedded emulators
 * or at the given endpoints), every function constructed with its template environment, the HttpApi routes
 * served, every SQS event source and DynamoDB stream event source polled with Lambda's batch semantics, and
 * every schedule fired.
 */
public final class LocalPlatform implements AutoCloseable {
    /** The most concurrent batches of one SQS source locally when the template sets no MaximumConcurrency. */
    static final int MAX_POLLERS_PER_QUEUE = 20;

    private final SamTemplate template;
    private final EmbeddedAws embedded;
    private final AwsClients aws;
    private final Map<String, Intrinsics.Resolved> resources;
    private final Map<String, LocalFunction> functions;
    private final HttpApiServer api;
    private final List<SqsEventSource> sqsSources;
    private final List<DynamoDbStreamSource> streamSources;
    private final DynamoDbStreamsClient streams;
    private final Map<String, ScheduleRunner> schedules;
    private final S3Client s3;
    private final Path attachmentsDir;

    private LocalPlatform(SamTemplate template, EmbeddedAws embedded, AwsClients aws, Map<String, Intrinsics.Resolved> resources,
                          Map<String, LocalFunction> functions, HttpApiServer api, List<SqsEventSource> sqsSources,
                          List<DynamoDbStreamSource> streamSources, DynamoDbStreamsClient streams,
                          Map<String, ScheduleRunner> schedules, S3Client s3, Path attachmentsDir) {
        this.template = template;
        this.embedded = embedded;
        this.aws = aws;
        this.resources = resources;
        this.functions = functions;
        this.api = api;
        this.sqsSources = sqsSources;
        this.streamSources = streamSources;
        this.streams = streams;
        this.schedules = schedules;
        this.s3 = s3;
        this.attachmentsDir = attachmentsDir;
    }

    public static LocalPlatform start(LocalOptions options) throws IOException {
        SamTemplate template = SamTemplate.load(options.template());
        EmbeddedAws embedded = options.aws() == null ? EmbeddedAws.start(options.dataDir()) : null;
        try {
            AwsEndpoints endpoints = options.aws() != null ? options.aws() : AwsEndpoints.of(embedded);
            Map<String, String> awsEnv = endpoints.asEnvironment();
            AwsClients aws = AwsClients.from(new Environment(awsEnv));

            Map<String, String> parameters = template.parameterDefaults();
            Map<String, String> pseudo = Map.of("AWS::Region", endpoints.region(), "AWS::AccountId", "000000000000",
                    "AWS::StackName", options.namePrefix().replaceAll("-$", ""), "AWS::Partition", "aws",
                    "AWS::URLSuffix", "amazonaws.com", "AWS::NoValue", "");
            S3Client s3 = endpoints.s3() == null ? null : AwsClients.s3(new Environment(awsEnv));
            Map<String, Intrinsics.Resolved> resources = new TemplateProvisioner(template, aws, options.namePrefix(),
                    options.secretValues(), s3).provision(parameters, pseudo);
            // Without S3 (the embedded engine) stream attachments are files: under the data directory when there
            // is one (kept across restarts, like the queues), else in a directory that lives as long as the JVM.
            Path attachmentsDir = s3 != null ? null : options.dataDir() != null
                    ? options.dataDir().resolve("attachments") : Files.createTempDirectory("hookline-attachments-");
            Intrinsics intrinsics = new Intrinsics(resources, parameters, pseudo);

            Map<String, LocalFunction> functions = new LinkedHashMap<>();
            RouteTable routes = new RouteTable();
            for (FunctionSpec spec : template.functions()) {
                Map<String, String> environment = environmentOf(spec, intrinsics, awsEnv, options);
                if (attachmentsDir != null) {
                    environment.putIfAbsent("ATTACHMENTS_DIR", attachmentsDir.toString());
                }
                LocalFunction function = new LocalFunction(spec, environment, options.clock());
                functions.put(spec.logicalId(), function);
                spec.httpRoutes().forEach(route -> routes.add(function, route));
            }
            HttpApiServer api = HttpApiServer.start(options.bindHost(), options.port(), routes, gatewayLimits(template));

            List<SqsEventSource> sqsSources = new ArrayList<>();
            List<DynamoDbStreamSource> streamSources = new ArrayList<>();
            DynamoDbStreamsClient streams = streamsClient(endpoints);
            Map<String, ScheduleRunner> schedules = new LinkedHashMap<>();
            for (LocalFunction function : functions.values()) {
                for (FunctionSpec.SqsEventSource source : function.spec().sqsSources()) {
                    String queueId = queueLogicalId(source.queue());
                    Intrinsics.Resolved queue = resources.get(queueId);
                    SqsEventSource poller = new SqsEventSource(aws.sqs(), queue.ref(), queue.attributes().get("Arn"),
                            endpoints.region(), function, source.batchSize(),
                            Duration.ofSeconds(source.batchingWindowSeconds()), source.reportBatchItemFailures());
                    // Lambda starts an SQS source with several concurrent batches and adds more under a backlog;
                    // locally up to MaximumConcurrency, or a laptop-sized bound when the template sets none.
                    int max = source.maximumConcurrency() > 0 ? source.maximumConcurrency() : MAX_POLLERS_PER_QUEUE;
                    int initial = Math.min(options.pollersPerQueue(), max);
                    poller.start(initial, options.pollersPerQueue() == 0 ? 0 : Math.max(initial, max));
                    sqsSources.add(poller);
                }
                for (FunctionSpec.StreamEventSource source : function.spec().streamSources()) {
                    String onFailure = source.onFailure() == null ? null : resources.get(getAttTarget(source.onFailure())).ref();
                    java.nio.file.Path checkpoints = options.dataDir() == null ? null : options.dataDir()
                            .resolve("streams").resolve(function.spec().logicalId() + "-" + source.eventName() + ".json");
                    DynamoDbStreamSource poller = new DynamoDbStreamSource(streams, aws.sqs(),
                            intrinsics.resolve(source.stream()), endpoints.region(), function, source, onFailure, checkpoints);
                    poller.start();
                    streamSources.add(poller);
                }
                for (FunctionSpec.Schedule schedule : function.spec().schedules()) {
                    ScheduleRunner runner = new ScheduleRunner(function, function.spec().logicalId() + "-" + schedule.eventName());
                    Duration period = ScheduleExpression.period(schedule.expression());
                    runner.start(options.schedulePeriod() != null ? options.schedulePeriod() : period);
                    schedules.put(function.spec().logicalId(), runner);
                }
            }
            return new LocalPlatform(template, embedded, aws, resources, functions, api, sqsSources, streamSources,
                    streams, schedules, s3, attachmentsDir);
        } catch (RuntimeException | IOException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    /** API Gateway's and Lambda's limits, with the route throttling the template's HttpApi sets (DefaultRouteSettings). */
    static GatewayLimits gatewayLimits(SamTemplate template) {
        GatewayLimits limits = GatewayLimits.defaults();
        for (Map<String, Object> api : template.resourcesOfType("AWS::Serverless::HttpApi").values()) {
            if (api.get("Properties") instanceof Map<?, ?> props && props.get("DefaultRouteSettings") instanceof Map<?, ?> route) {
                Object rate = route.get("ThrottlingRateLimit");
                Object burst = route.get("ThrottlingBurstLimit");
                if (rate != null && burst != null) {
                    limits = limits.withThrottle(Double.parseDouble(String.valueOf(rate)), Integer.parseInt(String.valueOf(burst)));
                }
            }
        }
        return limits;
    }

    /** The function's environment as Lambda would set it: template variables resolved, plus AWS's own. */
    private static Map<String, String> environmentOf(FunctionSpec spec, Intrinsics intrinsics, Map<String, String> awsEnv,
                                                     LocalOptions options) {
        Map<String, String> env = new LinkedHashMap<>();
        spec.environment().forEach((name, value) -> env.put(name, intrinsics.resolve(value)));
        env.putAll(awsEnv);
        env.put("AWS_LAMBDA_FUNCTION_NAME", options.namePrefix() + spec.logicalId());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(spec.memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.putAll(options.environmentOverrides());
        return env;
    }

    /** SQS event sources name their queue as {@code !GetAtt Queue.Arn}. */
    private static String queueLogicalId(Object queue) {
        if (queue instanceof Map<?, ?> map && map.get("Fn::GetAtt") instanceof List<?> parts) {
            return String.valueOf(parts.get(0));
        }
        throw new IllegalArgumentException("SQS event Queue must be !GetAtt <Queue>.Arn, got " + queue);
    }

    /** An on-failure destination is {@code !GetAtt Queue.Arn}; the runner sends to that queue's URL. */
    private static String getAttTarget(Object value) {
        if (value instanceof Map<?, ?> map && map.get("Fn::GetAtt") instanceof List<?> parts) {
            return String.valueOf(parts.get(0));
        }
        throw new IllegalArgumentException("A stream's OnFailure Destination must be !GetAtt <Queue>.Arn, got " + value);
    }

    /** DynamoDB Streams is served at DynamoDB's endpoint (DynamoDB Local, LocalStack) unless told otherwise. */
    private static DynamoDbStreamsClient streamsClient(AwsEndpoints endpoints) {
        return DynamoDbStreamsClient.builder().endpointOverride(endpoints.dynamo()).region(Region.of(endpoints.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(endpoints.accessKey(), endpoints.secretKey())))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    public URI baseUri() {
        return api.baseUri();
    }

    public AwsClients aws() {
        return aws;
    }

    public SamTemplate template() {
        return template;
    }

    public Map<String, Intrinsics.Resolved> resources() {
        return resources;
    }

    public String queueUrl(String logicalId) {
        return resources.get(logicalId).ref();
    }

    public String tableName(String logicalId) {
        return resources.get(logicalId).ref();
    }

    public LocalFunction function(String logicalId) {
        return functions.get(logicalId);
    }

    public ScheduleRunner schedule(String functionLogicalId) {
        return schedules.get(functionLogicalId);
    }

    /** A stream attachment's bytes, from the engine's S3 or the local attachments directory. */
    public byte[] attachment(String bucket, String key) throws IOException {
        if (s3 != null) {
            return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        }
        return new DirectoryAttachmentStore(attachmentsDir, bucket).read(key);
    }

    /** The admin key, read from Secrets Manager where the ApiFunction's environment says it lives. */
    public String adminKey() {
        String arn = functions.values().stream()
                .map(f -> f.environment().get("ADMIN_KEY_SECRET_ARN")).filter(a -> a != null).findFirst()
                .orElseThrow(() -> new IllegalStateException("No function names ADMIN_KEY_SECRET_ARN"));
        return aws.secrets().getSecretValue(GetSecretValueRequest.builder().secretId(arn).build()).secretString();
    }

    @Override
    public void close() {
        schedules.values().forEach(ScheduleRunner::close);
        sqsSources.forEach(SqsEventSource::close);
        streamSources.forEach(DynamoDbStreamSource::close);
        streams.close();
        api.close();
        functions.values().forEach(LocalFunction::close);
        aws.close();
        if (s3 != null) {
            s3.close();
        }
        if (embedded != null) {
            embedded.close();
        }
    }
}
