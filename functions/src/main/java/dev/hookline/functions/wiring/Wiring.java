package dev.hookline.functions.wiring;

import dev.hookline.core.access.AdminCredential;
import dev.hookline.core.delivery.DeliveryStore;
import dev.hookline.core.delivery.Message;
import dev.hookline.core.delivery.MessageStore;
import dev.hookline.core.health.HealthCheck;
import dev.hookline.core.delivery.AttemptRecorder;
import dev.hookline.core.delivery.SecretRotation;
import dev.hookline.core.delivery.TestSend;
import dev.hookline.core.delivery.PullDeliveries;
import dev.hookline.core.catalog.EventCatalog;
import dev.hookline.core.audit.AuditTrail;
import dev.hookline.core.delivery.DeliveryAdmin;
import dev.hookline.core.delivery.DeliveryReplay;
import dev.hookline.core.endpoint.CachedEndpointLists;
import dev.hookline.core.inbound.source.CachedSourceTokens;
import dev.hookline.core.endpoint.ClientCertificates;
import dev.hookline.infrastructure.dynamo.DynamoAuditLog;
import dev.hookline.core.delivery.PlatformEventSink;
import dev.hookline.core.delivery.Recovery;
import dev.hookline.core.delivery.DeliveryWorker;
import dev.hookline.core.delivery.LaneGate;
import dev.hookline.core.delivery.LaneQueues;
import dev.hookline.core.delivery.DeliveryClaims;
import dev.hookline.core.delivery.AttemptSender;
import dev.hookline.core.delivery.EventPublisher;
import dev.hookline.core.delivery.Fanout;
import dev.hookline.core.delivery.WebhookSender;
import dev.hookline.core.endpoint.EndpointAdmin;
import dev.hookline.core.endpoint.EndpointKeys;
import dev.hookline.core.endpoint.EndpointValidation;
import dev.hookline.core.id.Ids;
import dev.hookline.core.inbound.IngestService;
import dev.hookline.core.inbound.CallVerifier;
import dev.hookline.core.inbound.IngestDedup;
import dev.hookline.core.inbound.StreamIntake;
import dev.hookline.core.inbound.TriggerIntake;
import dev.hookline.core.inbound.stream.AttachmentStore;
import dev.hookline.infrastructure.attachments.DirectoryAttachmentStore;
import dev.hookline.core.inbound.run.RunAdmin;
import dev.hookline.core.inbound.source.SourceAdmin;
import dev.hookline.core.inbound.source.SourceDiagnostics;
import dev.hookline.core.inbound.source.SourceSpecs;
import dev.hookline.core.inbound.source.VerificationSettings;
import dev.hookline.core.inbound.verify.SchemeFactory;
import dev.hookline.core.inbound.verify.SignatureDoctor;
import dev.hookline.core.endpoint.EndpointHealthTracker;
import dev.hookline.core.stats.BatchedDeliveryStats;
import dev.hookline.core.stats.DeliveryStats;
import dev.hookline.functions.metrics.EmfDeliveryStats;
import dev.hookline.functions.metrics.Metrics;
import dev.hookline.infrastructure.dynamo.DynamoDedupStore;
import dev.hookline.infrastructure.dynamo.DynamoDeliveryStats;
import dev.hookline.infrastructure.dynamo.DynamoEndpointPace;
import dev.hookline.infrastructure.dynamo.DynamoRunStore;
import dev.hookline.infrastructure.dynamo.DynamoSourceCounters;
import dev.hookline.infrastructure.dynamo.DynamoSourceStore;
import dev.hookline.infrastructure.sqs.SqsOrderedSender;
import dev.hookline.core.outbound.AttemptClassifier;
import dev.hookline.core.outbound.SystemHostResolver;
import dev.hookline.core.outbound.UrlGuard;
import dev.hookline.infrastructure.dynamo.DynamoDeliveryStore;
import dev.hookline.infrastructure.dynamo.DynamoEndpointStore;
import dev.hookline.infrastructure.dynamo.DynamoEventTypeStore;
import dev.hookline.infrastructure.dynamo.DynamoIdempotencyStore;
import dev.hookline.infrastructure.dynamo.DynamoMessageStore;
import dev.hookline.infrastructure.http.HttpJwksProvider;
import dev.hookline.infrastructure.http.HttpWebhookSender;
import dev.hookline.infrastructure.secrets.MasterKeys;
import dev.hookline.core.delivery.Reconciler;
import dev.hookline.core.schedule.DueSender;
import dev.hookline.core.crypto.CursorSeal;
import dev.hookline.core.tenant.CachedApiKeys;
import dev.hookline.core.tenant.TenantAdmin;
import dev.hookline.functions.log.Log;
import dev.hookline.infrastructure.aws.AwsClients;
import dev.hookline.infrastructure.config.Environment;
import dev.hookline.infrastructure.dynamo.DynamoDueIndex;
import dev.hookline.infrastructure.dynamo.DynamoTenantStore;
import dev.hookline.infrastructure.health.ResourceHealth;
import dev.hookline.infrastructure.secrets.AdminKey;
import dev.hookline.infrastructure.secrets.SecretCache;
import dev.hookline.infrastructure.sqs.SqsQueueSender;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The composition root: everything a handler needs, built once per execution environment from its environment
 * variables. Each getter builds its object on first use and returns that same object after, so every handler and
 * route of an environment shares one store, one cache, one sender (and its connection pool), one lane gate.
 * Construction only builds objects: no network call, no secret read, no id - so a SnapStart snapshot
 * taken after it holds nothing that must differ between restored copies. The JDK's default SecureRandom
 * mixes fresh OS entropy into every draw, so restored copies do not repeat each other's randomness.
 * Tests build it with their clock ({@link #from(Environment, Clock)}); Lambda through a handler's no-arg constructor.
 */
public final class Wiring {
    private final Environment env;
    private final Clock clock;
    private final AwsClients aws;
    private final SecureRandom random;
    private final Ids ids;
    private final SecretCache secrets;
    private final SqsQueueSender queues;
    private final Metrics metrics;
    /** Built on first use: only ingest verifies JWTs, and the worker jar carries no JWT library. */
    private final Lazy<HttpJwksProvider> jwks = new Lazy<>();
    /** Built on first use (one S3 client per execution environment, and only in the function that stores). */
    private final Lazy<Optional<AttachmentStore>> attachments = new Lazy<>();
    private final Lazy<CachedEndpointLists> endpointLists = new Lazy<>();
    private final Lazy<TenantAdmin> tenantAdmin = new Lazy<>();
    private final Lazy<AdminKey> adminKey = new Lazy<>();
    private final Lazy<ResourceHealth> health = new Lazy<>();
    private final Lazy<UrlGuard> urlGuard = new Lazy<>();
    private final Lazy<DynamoEndpointStore> endpointStore = new Lazy<>();
    private final Lazy<DynamoDeliveryStore> deliveryStore = new Lazy<>();
    private final Lazy<DynamoMessageStore> messageStore = new Lazy<>();
    private final Lazy<MasterKeys> masterKeys = new Lazy<>();
    private final Lazy<EndpointKeys> endpointKeys = new Lazy<>();
    private final Lazy<AuditTrail> auditTrail = new Lazy<>();
    private final Lazy<TestSend> testSend = new Lazy<>();
    private final Lazy<SecretRotation> secretRotation = new Lazy<>();
    private final Lazy<DeliveryAdmin> deliveryAdmin = new Lazy<>();
    private final Lazy<DeliveryReplay> replay = new Lazy<>();
    private final Lazy<Recovery> recovery = new Lazy<>();
    private final Lazy<EndpointAdmin> endpointAdmin = new Lazy<>();
    private final Lazy<EventPublisher> eventPublisher = new Lazy<>();
    private final Lazy<EventCatalog> eventCatalog = new Lazy<>();
    private final Lazy<Fanout> fanout = new Lazy<>();
    private final Lazy<DeliveryWorker> deliveryWorker = new Lazy<>();
    private final Lazy<AttemptSender> attemptSender = new Lazy<>();
    private final Lazy<AttemptClassifier> classifier = new Lazy<>();
    private final Lazy<DueSender> dueSender = new Lazy<>();
    private final Lazy<DynamoDeliveryStats> storedStats = new Lazy<>();
    private final Lazy<BatchedDeliveryStats> batchedDeliveryStats = new Lazy<>();
    private final Lazy<DeliveryStats> workerStats = new Lazy<>();
    private final Lazy<LaneQueues> laneQueues = new Lazy<>();
    private final Lazy<AttemptRecorder> attemptRecorder = new Lazy<>();
    private final Lazy<PullDeliveries> pullDeliveries = new Lazy<>();
    private final Lazy<DeliveryStats> deliveryStats = new Lazy<>();
    private final Lazy<EndpointHealthTracker> healthTracker = new Lazy<>();
    private final Lazy<PlatformEventSink> platformEvents = new Lazy<>();
    private final Lazy<WebhookSender> sender = new Lazy<>();
    private final Lazy<DynamoRunStore> runStore = new Lazy<>();
    private final Lazy<DynamoSourceStore> sourceStore = new Lazy<>();
    private final Lazy<CursorSeal> cursorSeal = new Lazy<>();
    private final Lazy<VerificationSettings> verificationSettings = new Lazy<>();
    private final Lazy<SourceSpecs> sourceSpecs = new Lazy<>();
    private final Lazy<SchemeFactory> schemes = new Lazy<>();
    private final Lazy<SourceAdmin> sourceAdmin = new Lazy<>();
    private final Lazy<SourceDiagnostics> sourceDiagnostics = new Lazy<>();
    private final Lazy<RunAdmin> runAdmin = new Lazy<>();
    private final Lazy<IngestService> ingestService = new Lazy<>();
    private final Lazy<DynamoSourceCounters> sourceCounters = new Lazy<>();
    private final Lazy<Reconciler> reconciler = new Lazy<>();

    public Wiring(Environment env, Clock clock, AwsClients aws) {
        this.env = env;
        this.clock = clock;
        this.aws = aws;
        this.random = new SecureRandom();
        this.ids = new Ids(clock, random);
        this.secrets = new SecretCache(aws.secrets(), clock, Duration.ofMinutes(5));
        this.queues = new SqsQueueSender(aws.sqs(), SqsQueueSender.urlsFrom(env));
        this.metrics = new Metrics(env.optional("AWS_LAMBDA_FUNCTION_NAME").orElse(null));
    }

    public static Wiring from(Environment env) {
        return from(env, Clock.systemUTC());
    }

    /** A handler's entry: the variables template.yaml gives its function ({@code System.getenv()} in Lambda). */
    public static Wiring from(Map<String, String> environment) {
        return from(new Environment(environment));
    }

    public static Wiring from(Map<String, String> environment, Clock clock) {
        return from(new Environment(environment), clock);
    }

    public static Wiring from(Environment env, Clock clock) {
        return new Wiring(env, clock, AwsClients.from(env));
    }

    /** SnapStart priming of the SDK's request path: reads only (see {@link AwsClients#primeReads}). */
    public void primeRequestPath() {
        aws.primeReads(env.require("ENTITIES_TABLE"), env.optional("DELIVERY_QUEUE_URL").orElse(null));
    }

    public Clock clock() {
        return clock;
    }

    public Ids ids() {
        return ids;
    }

    public SecureRandom random() {
        return random;
    }

    /** Per name (each handler logs under its own); a logger holds nothing worth sharing. */
    public Log log(String name) {
        return Log.of(name);
    }

    /** Its API keys are cached (see {@link CachedApiKeys} for invalidation). */
    public TenantAdmin tenantAdmin() {
        return tenantAdmin.get(() -> new TenantAdmin(new CachedApiKeys(new DynamoTenantStore(aws.dynamo(),
                env.require("ENTITIES_TABLE")), clock), ids, clock, random, platformEvents(), auditTrail()));
    }

    public AdminCredential adminKey() {
        return adminKey.get(() -> new AdminKey(secrets, env.require("ADMIN_KEY_SECRET_ARN")));
    }

    public HealthCheck health() {
        return health.get(() -> new ResourceHealth(aws, env));
    }

    public UrlGuard urlGuard() {
        return urlGuard.get(() -> new UrlGuard(new SystemHostResolver(), env.flag("ALLOW_HTTP_ENDPOINTS"),
                env.flag("ALLOW_PRIVATE_TARGETS")));
    }

    /** A value read from the environment, not an object: computed on each call. */
    public Duration retention() {
        return Duration.ofDays(env.integer("RETENTION_DAYS", (int) Recovery.DEFAULT_RETENTION.toDays()));
    }

    private DynamoEndpointStore endpointStore() {
        return endpointStore.get(() -> new DynamoEndpointStore(aws.dynamo(), env.require("ENTITIES_TABLE")));
    }

    /**
     * The endpoint store whose tenant lists are cached for the publisher's count, shared by everything in this
     * environment that changes endpoints, so their changes drop the cached lists at once (see
     * {@link CachedEndpointLists}). Fan-out never reads through it.
     */
    public CachedEndpointLists endpointLists() {
        return endpointLists.get(() -> new CachedEndpointLists(endpointStore(), clock));
    }

    public DeliveryStore deliveryStore() {
        return deliveryStore.get(() -> new DynamoDeliveryStore(aws.dynamo(), env.require("DELIVERIES_TABLE")));
    }

    public MessageStore messageStore() {
        return messageStore.get(() -> new DynamoMessageStore(aws.dynamo(), env.require("DELIVERIES_TABLE")));
    }

    /** The master key ring (read on first use, then cached), shared by endpoint keys, cursors and source secrets. */
    private MasterKeys masterKeys() {
        return masterKeys.get(() -> new MasterKeys(secrets, env.require("MASTER_KEY_SECRET_ARN"), random));
    }

    /** A fan-out stream record's new image read as the message the store wrote, with the store's own mapping. */
    public Function<Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue>, Message>
            streamMessages() {
        return image -> DynamoMessageStore.read(StreamImages.toSdk(image));
    }

    /** The largest event body the API accepts. */
    public int maxEventBytes() {
        return env.integer("MAX_EVENT_BYTES", 256 * 1024);
    }

    public EndpointKeys endpointKeys() {
        return endpointKeys.get(() -> new EndpointKeys(masterKeys(), random, clock, new ClientCertificates(masterKeys(),
                secrets::get, env.optional("ENDPOINT_SECRETS_PREFIX").orElse("hookline/endpoints/"), clock)));
    }

    /** Management actions are recorded here by the core services (never by routes), kept as long as events. */
    public AuditTrail auditTrail() {
        return auditTrail.get(() -> new AuditTrail(new DynamoAuditLog(aws.dynamo(), env.require("ENTITIES_TABLE")), ids,
                clock, retention()));
    }

    public TestSend testSend() {
        return testSend.get(() -> new TestSend(endpointAdmin(), attemptSender(), ids, clock));
    }

    public SecretRotation secretRotation() {
        return secretRotation.get(() -> new SecretRotation(endpointAdmin(), eventPublisher()));
    }

    public DeliveryAdmin deliveryAdmin() {
        return deliveryAdmin.get(() -> new DeliveryAdmin(deliveryStore(), replay(), recovery(), auditTrail()));
    }

    public DeliveryReplay replay() {
        return replay.get(() -> new DeliveryReplay(deliveryStore(), queues, clock));
    }

    public Recovery recovery() {
        return recovery.get(() -> new Recovery(deliveryStore(), replay(), clock, retention()));
    }

    public EndpointAdmin endpointAdmin() {
        return endpointAdmin.get(() -> new EndpointAdmin(endpointLists(), deliveryStore(), replay(), endpointKeys(),
                new EndpointValidation(urlGuard()), ids, clock, auditTrail()));
    }

    public EventPublisher eventPublisher() {
        return eventPublisher.get(() -> new EventPublisher(messageStore(), endpointLists(),
                new DynamoIdempotencyStore(aws.dynamo(), env.require("IDEMPOTENCY_TABLE")), ids, clock, retention()));
    }

    /**
     * The tenant catalogs with their lookup cache, shared between the publish route and the catalog routes, so this
     * environment's own changes reach its publishes at once.
     */
    public EventCatalog eventCatalog() {
        return eventCatalog.get(() -> new EventCatalog(new DynamoEventTypeStore(aws.dynamo(),
                env.require("ENTITIES_TABLE")), eventPublisher(), clock));
    }

    public Fanout fanout() {
        return fanout.get(() -> new Fanout(messageStore(), endpointStore(), deliveryStore(), queues, replay(), ids, clock));
    }

    /**
     * The worker: claims through the lanes (what this environment knows about slow endpoints), sends through the
     * sender (its connection pool), records with counts batched until the delivery handler flushes
     * {@link #batchedDeliveryStats()}. Its health tracker writes through the plain endpoint store and counts in the
     * batched stats, as the attempts do.
     */
    public DeliveryWorker deliveryWorker() {
        return deliveryWorker.get(() -> {
            EndpointHealthTracker health = new EndpointHealthTracker(endpointStore(), workerStats(), platformEvents(),
                    replay(), clock);
            AttemptRecorder recorder = new AttemptRecorder(deliveryStore(), health, workerStats(), queues,
                    platformEvents(), dueSender(), clock, random, failingAfter(), laneQueues()::schedule);
            return new DeliveryWorker(new DeliveryClaims(deliveryStore(), endpointStore(), messageStore(), laneQueues(),
                    health, clock), attemptSender(), recorder);
        });
    }

    /** Signs, sends through this environment's one sender, and classifies: pushes and test sends alike. */
    public AttemptSender attemptSender() {
        return attemptSender.get(() -> new AttemptSender(endpointKeys(), sender(), classifier()));
    }

    private AttemptClassifier classifier() {
        return classifier.get(() -> new AttemptClassifier(clock));
    }

    private DueSender dueSender() {
        return dueSender.get(() -> new DueSender(queues, clock));
    }

    private int failingAfter() {
        return env.integer("DELIVERY_FAILING_AFTER", AttemptRecorder.DEFAULT_FAILING_AFTER);
    }

    private DynamoDeliveryStats storedStats() {
        return storedStats.get(() -> new DynamoDeliveryStats(aws.dynamo(), env.require("DELIVERIES_TABLE")));
    }

    /**
     * The DynamoDB counters written once per endpoint and bucket when the holder flushes (the delivery handler, at
     * the end of each SQS batch) instead of once per attempt.
     */
    public BatchedDeliveryStats batchedDeliveryStats() {
        return batchedDeliveryStats.get(() -> new BatchedDeliveryStats(storedStats(), storedStats()::add,
                DynamoDeliveryStats.BUCKET));
    }

    /** The worker's counts: batched in DynamoDB, mirrored at once as CloudWatch EMF metrics. */
    private DeliveryStats workerStats() {
        return workerStats.get(() -> new EmfDeliveryStats(batchedDeliveryStats(), metrics));
    }

    private LaneQueues laneQueues() {
        return laneQueues.get(() -> new LaneQueues(new LaneGate(new DynamoEndpointPace(aws.dynamo(),
                env.require("DELIVERIES_TABLE")), clock), dueSender(), queues));
    }

    /** What an attempt's outcome does to its delivery and endpoint, for pulls (push retries go through the lanes). */
    public AttemptRecorder attemptRecorder() {
        return attemptRecorder.get(() -> new AttemptRecorder(deliveryStore(), healthTracker(), deliveryStats(), queues,
                platformEvents(), dueSender(), clock, random, failingAfter()));
    }

    /** Pull endpoints: leases of due deliveries, their acks and their expiry. */
    public PullDeliveries pullDeliveries() {
        return pullDeliveries.get(() -> new PullDeliveries(endpointStore(), deliveryStore(), messageStore(),
                endpointKeys(), classifier(), attemptRecorder(), healthTracker(), dueSender(), clock, random,
                Thread::sleep));
    }

    /** Counters in DynamoDB (for the stats API and the breaker), mirrored as CloudWatch EMF metrics. */
    public DeliveryStats deliveryStats() {
        return deliveryStats.get(() -> new EmfDeliveryStats(storedStats(), metrics));
    }

    public Metrics metrics() {
        return metrics;
    }

    public EndpointHealthTracker healthTracker() {
        return healthTracker.get(() -> new EndpointHealthTracker(endpointLists(), deliveryStats(), platformEvents(),
                replay(), clock));
    }

    public PlatformEventSink platformEvents() {
        return platformEvents.get(() -> new PlatformEventSink(eventPublisher()));
    }

    /**
     * The one sender of this environment (it owns a connection pool). {@code OUTBOUND_EXTRA_CA_FILE} (local and test
     * runs only; the template never sets it): a PEM file of CAs trusted for receivers' server certificates besides
     * the JDK's.
     */
    public WebhookSender sender() {
        return sender.get(() -> new HttpWebhookSender(urlGuard(),
                env.optional("OUTBOUND_EXTRA_CA_FILE").map(java.nio.file.Path::of).orElse(null)));
    }

    private DynamoRunStore runStore() {
        return runStore.get(() -> new DynamoRunStore(aws.dynamo(), env.require("DELIVERIES_TABLE")));
    }

    private DynamoSourceStore sourceStore() {
        return sourceStore.get(() -> new DynamoSourceStore(aws.dynamo(), env.require("ENTITIES_TABLE")));
    }

    /** Seals list cursors under a key derived from the master key ring (see CursorSeal). */
    public CursorSeal cursorSeal() {
        return cursorSeal.get(() -> new CursorSeal(masterKeys()));
    }

    public VerificationSettings verificationSettings() {
        return verificationSettings.get(() -> new VerificationSettings(masterKeys(),
                env.optional("SOURCE_SECRETS_PREFIX").orElse("hookline/sources/"), urlGuard()));
    }

    private SourceSpecs sourceSpecs() {
        return sourceSpecs.get(() -> new SourceSpecs(random));
    }

    /**
     * JWT sources verify with static keys or a JWKS URL; JWKS sets are fetched through the URL guard and cached per
     * execution environment (one shared provider), and an unobtainable set answers 503 key_unavailable.
     */
    private SchemeFactory schemes() {
        return schemes.get(() -> new SchemeFactory(jwks()));
    }

    public SourceAdmin sourceAdmin() {
        return sourceAdmin.get(() -> new SourceAdmin(sourceStore(), verificationSettings(), sourceSpecs(), ids, clock,
                random, auditTrail(), sourceCounters()));
    }

    /** The signature doctor on a source's own settings, and the failures ingest kept. */
    public SourceDiagnostics sourceDiagnostics() {
        return sourceDiagnostics.get(() -> new SourceDiagnostics(sourceStore(), verificationSettings(), secrets::get,
                new SignatureDoctor(schemes()), sourceCounters(), clock));
    }

    public RunAdmin runAdmin() {
        return runAdmin.get(() -> new RunAdmin(runStore(), eventPublisher(), clock));
    }

    /**
     * Verify, dedupe, then queue a run or a stream's records (see {@link IngestService}). Which source a token was
     * issued to is cached; the source itself is read on every call (see {@link CachedSourceTokens}).
     */
    public IngestService ingestService() {
        return ingestService.get(() -> new IngestService(new CachedSourceTokens(sourceStore(), clock),
                new CallVerifier(verificationSettings(), schemes(), secrets::get, sourceCounters(),
                        eventPublisher()),
                new IngestDedup(new DynamoDedupStore(aws.dynamo(), env.require("IDEMPOTENCY_TABLE")), sourceSpecs(), ids),
                new TriggerIntake(sourceSpecs(), runStore(), queues, eventPublisher(), clock, retention()),
                new StreamIntake(sourceSpecs(), new SqsOrderedSender(aws.sqs(), env.require("STREAMS_QUEUE_URL")),
                        sourceCounters(), eventPublisher(), attachments()),
                clock));
    }

    private DynamoSourceCounters sourceCounters() {
        return sourceCounters.get(() -> new DynamoSourceCounters(aws.dynamo(), env.require("DELIVERIES_TABLE")));
    }

    /**
     * Where stream attachments go: the template's bucket through S3 (moto or LocalStack locally), or, where the local
     * runner has no S3 (the embedded engine), a directory it names in ATTACHMENTS_DIR. Absent both, records that
     * need one are refused with 503 rather than queued without their bytes.
     */
    public AttachmentStore attachments() {
        return attachments.get(() -> env.optional("ATTACHMENTS_BUCKET").map(bucket -> env.optional("ATTACHMENTS_DIR")
                .<AttachmentStore>map(dir -> new DirectoryAttachmentStore(java.nio.file.Path.of(dir), bucket))
                .orElseGet(() -> AwsClients.s3Attachments(env, bucket)))).orElse(null);
    }

    private HttpJwksProvider jwks() {
        return jwks.get(() -> new HttpJwksProvider(urlGuard(), clock));
    }

    /**
     * The scheduler's pass over the due index. Deliveries are re-queued only once they are overdue by
     * {@code RECONCILE_AFTER_SECONDS}, which template.yaml sets above the delivery queue's visibility timeout.
     */
    public Reconciler reconciler() {
        return reconciler.get(() -> new Reconciler(new DynamoDueIndex(aws.dynamo(), env.require("DELIVERIES_TABLE")),
                messageStore(), deliveryStore(), queues, platformEvents(), pullDeliveries()::expireOverdue, clock,
                Duration.ofSeconds(env.integer("RECONCILE_AFTER_SECONDS", 420))));
    }
}
