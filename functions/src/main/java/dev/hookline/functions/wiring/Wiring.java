package dev.hookline.functions.wiring;

import dev.hookline.core.delivery.AttemptRecorder;
import dev.hookline.core.delivery.SecretRotation;
import dev.hookline.core.delivery.TestSend;
import dev.hookline.core.delivery.PullDeliveries;
import dev.hookline.core.catalog.EventCatalog;
import dev.hookline.core.audit.AuditTrail;
import dev.hookline.core.delivery.DeliveryAdmin;
import dev.hookline.core.delivery.DeliveryReplay;
import dev.hookline.core.endpoint.CachedEndpointLists;
import dev.hookline.core.endpoint.ClientCertificates;
import dev.hookline.infrastructure.dynamo.DynamoAuditLog;
import dev.hookline.core.delivery.PlatformEventSink;
import dev.hookline.core.delivery.Recovery;
import dev.hookline.core.delivery.DeliveryWorker;
import dev.hookline.core.delivery.LaneGate;
import dev.hookline.core.delivery.EventPublisher;
import dev.hookline.core.delivery.Fanout;
import dev.hookline.core.delivery.WebhookSender;
import dev.hookline.core.endpoint.EndpointAdmin;
import dev.hookline.core.endpoint.EndpointKeys;
import dev.hookline.core.endpoint.EndpointValidation;
import dev.hookline.core.id.Ids;
import dev.hookline.core.inbound.IngestService;
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

/**
 * Everything a handler needs, built once per execution environment from its environment variables.
 * Construction only builds objects: no network call, no secret read, no id - so a SnapStart snapshot
 * taken after it holds nothing that must differ between restored copies. The JDK's default SecureRandom
 * mixes fresh OS entropy into every draw, so restored copies do not repeat each other's randomness.
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
    private HttpJwksProvider jwks;
    /** Built on first use (one S3 client per execution environment, and only in the function that stores). */
    private AttachmentStore attachments;
    private CachedEndpointLists endpointLists;

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

    public static Wiring from(Environment env, Clock clock) {
        return new Wiring(env, clock, AwsClients.from(env));
    }

    /** SnapStart priming of the SDK's request path: reads only (see {@link AwsClients#primeReads}). */
    public void primeRequestPath() {
        aws.primeReads(env.require("ENTITIES_TABLE"), env.optional("DELIVERY_QUEUE_URL").orElse(null));
    }

    public Environment env() {
        return env;
    }

    public Clock clock() {
        return clock;
    }

    public AwsClients aws() {
        return aws;
    }

    public Ids ids() {
        return ids;
    }

    public SecureRandom random() {
        return random;
    }

    public SecretCache secrets() {
        return secrets;
    }

    public SqsQueueSender queues() {
        return queues;
    }

    public Log log(String name) {
        return Log.of(name);
    }

    /** Build once per execution environment: its API keys are cached (see {@link CachedApiKeys} for invalidation). */
    public TenantAdmin tenantAdmin() {
        return new TenantAdmin(new CachedApiKeys(new DynamoTenantStore(aws.dynamo(), env.require("ENTITIES_TABLE")), clock),
                ids, clock, random,
                platformEvents(), auditTrail());
    }

    public AdminKey adminKey() {
        return new AdminKey(secrets, env.require("ADMIN_KEY_SECRET_ARN"));
    }

    public ResourceHealth health() {
        return new ResourceHealth(aws, env);
    }

    public UrlGuard urlGuard() {
        return new UrlGuard(new SystemHostResolver(), env.flag("ALLOW_HTTP_ENDPOINTS"), env.flag("ALLOW_PRIVATE_TARGETS"));
    }

    public Duration retention() {
        return Duration.ofDays(env.integer("RETENTION_DAYS", (int) Recovery.DEFAULT_RETENTION.toDays()));
    }

    public DynamoEndpointStore endpointStore() {
        return new DynamoEndpointStore(aws.dynamo(), env.require("ENTITIES_TABLE"));
    }

    /**
     * The endpoint store whose tenant lists are cached for the publisher's count, shared by everything in this
     * environment that changes endpoints, so their changes drop the cached lists at once (see
     * {@link CachedEndpointLists}). Fan-out never reads through it.
     */
    public synchronized CachedEndpointLists endpointLists() {
        if (endpointLists == null) {
            endpointLists = new CachedEndpointLists(endpointStore(), clock);
        }
        return endpointLists;
    }

    public DynamoDeliveryStore deliveryStore() {
        return new DynamoDeliveryStore(aws.dynamo(), env.require("DELIVERIES_TABLE"));
    }

    public DynamoMessageStore messageStore() {
        return new DynamoMessageStore(aws.dynamo(), env.require("DELIVERIES_TABLE"));
    }

    public EndpointKeys endpointKeys() {
        MasterKeys box = new MasterKeys(secrets, env.require("MASTER_KEY_SECRET_ARN"), random);
        return new EndpointKeys(box, random, clock, new ClientCertificates(box, secrets::get,
                env.optional("ENDPOINT_SECRETS_PREFIX").orElse("hookline/endpoints/"), clock));
    }

    /** Management actions are recorded here by the core services (never by routes), kept as long as events. */
    public AuditTrail auditTrail() {
        return new AuditTrail(new DynamoAuditLog(aws.dynamo(), env.require("ENTITIES_TABLE")), ids, clock, retention());
    }

    public TestSend testSend() {
        return new TestSend(endpointAdmin(), deliveryWorker(newSender()), ids, clock);
    }

    public SecretRotation secretRotation() {
        return new SecretRotation(endpointAdmin(), eventPublisher());
    }

    public DeliveryAdmin deliveryAdmin() {
        return new DeliveryAdmin(deliveryStore(), replay(), recovery(), auditTrail());
    }

    public DeliveryReplay replay() {
        return new DeliveryReplay(deliveryStore(), queues, clock);
    }

    public Recovery recovery() {
        return new Recovery(deliveryStore(), replay(), clock, retention());
    }

    public EndpointAdmin endpointAdmin() {
        return new EndpointAdmin(endpointLists(), deliveryStore(), replay(), endpointKeys(),
                new EndpointValidation(urlGuard()), ids, clock, auditTrail());
    }

    public EventPublisher eventPublisher() {
        return new EventPublisher(messageStore(), endpointLists(),
                new DynamoIdempotencyStore(aws.dynamo(), env.require("IDEMPOTENCY_TABLE")), ids, clock, retention());
    }

    /**
     * The tenant catalogs with their lookup cache: build it once per execution environment and share it between the
     * publish route and the catalog routes, so this environment's own changes reach its publishes at once.
     */
    public EventCatalog eventCatalog() {
        return new EventCatalog(new DynamoEventTypeStore(aws.dynamo(), env.require("ENTITIES_TABLE")), eventPublisher(),
                clock);
    }

    public Fanout fanout() {
        return new Fanout(messageStore(), endpointStore(), deliveryStore(), queues, ids, clock);
    }

    /**
     * The sender owns a connection pool and the worker its lanes (what this environment knows about slow
     * endpoints): build it once per execution environment and share it.
     */
    public DeliveryWorker deliveryWorker(WebhookSender sender) {
        return deliveryWorker(sender, deliveryStats());
    }

    /** A worker whose attempts are counted in {@code stats} (the delivery handler's batched counters). */
    public DeliveryWorker deliveryWorker(WebhookSender sender, DeliveryStats stats) {
        return new DeliveryWorker(deliveryStore(), messageStore(), endpointStore(), endpointKeys(), sender,
                new AttemptClassifier(clock), new DueSender(queues, clock), queues, clock, random,
                new EndpointHealthTracker(endpointStore(), stats, platformEvents(), replay(), clock), stats,
                platformEvents(), env.integer("DELIVERY_FAILING_AFTER", AttemptRecorder.DEFAULT_FAILING_AFTER), laneGate());
    }

    /**
     * The DynamoDB counters written once per endpoint and bucket when the holder flushes (the delivery handler, at
     * the end of each SQS batch) instead of once per attempt.
     */
    public BatchedDeliveryStats batchedDeliveryStats() {
        DynamoDeliveryStats stored = new DynamoDeliveryStats(aws.dynamo(), env.require("DELIVERIES_TABLE"));
        return new BatchedDeliveryStats(stored, stored::add, DynamoDeliveryStats.BUCKET);
    }

    public LaneGate laneGate() {
        return new LaneGate(new DynamoEndpointPace(aws.dynamo(), env.require("DELIVERIES_TABLE")), clock);
    }

    /** What an attempt's outcome does to its delivery and endpoint, for push and pull alike. */
    public AttemptRecorder attemptRecorder() {
        return new AttemptRecorder(deliveryStore(), healthTracker(), deliveryStats(), queues, platformEvents(), new DueSender(queues, clock),
                clock, random, env.integer("DELIVERY_FAILING_AFTER", AttemptRecorder.DEFAULT_FAILING_AFTER));
    }

    /** Pull endpoints: leases of due deliveries, their acks and their expiry. */
    public PullDeliveries pullDeliveries() {
        return new PullDeliveries(endpointStore(), deliveryStore(), messageStore(), endpointKeys(),
                new AttemptClassifier(clock), attemptRecorder(), healthTracker(), new DueSender(queues, clock), clock, random, Thread::sleep);
    }

    /** Counters in DynamoDB (for the stats API and the breaker), mirrored as CloudWatch EMF metrics. */
    public DeliveryStats deliveryStats() {
        return new EmfDeliveryStats(new DynamoDeliveryStats(aws.dynamo(), env.require("DELIVERIES_TABLE")), metrics);
    }

    public Metrics metrics() {
        return metrics;
    }

    public EndpointHealthTracker healthTracker() {
        return new EndpointHealthTracker(endpointLists(), deliveryStats(), platformEvents(), replay(), clock);
    }

    public PlatformEventSink platformEvents() {
        return new PlatformEventSink(eventPublisher());
    }

    /**
     * {@code OUTBOUND_EXTRA_CA_FILE} (local and test runs only; the template never sets it): a PEM file of CAs trusted
     * for receivers' server certificates besides the JDK's.
     */
    public WebhookSender newSender() {
        return new HttpWebhookSender(urlGuard(), env.optional("OUTBOUND_EXTRA_CA_FILE").map(java.nio.file.Path::of).orElse(null));
    }

    public DynamoRunStore runStore() {
        return new DynamoRunStore(aws.dynamo(), env.require("DELIVERIES_TABLE"));
    }

    public DynamoSourceStore sourceStore() {
        return new DynamoSourceStore(aws.dynamo(), env.require("ENTITIES_TABLE"));
    }

    /** Seals list cursors under a key derived from the master key ring (see CursorSeal). */
    public CursorSeal cursorSeal() {
        return new CursorSeal(new MasterKeys(secrets, env.require("MASTER_KEY_SECRET_ARN"), random));
    }

    public VerificationSettings verificationSettings() {
        return new VerificationSettings(new MasterKeys(secrets, env.require("MASTER_KEY_SECRET_ARN"), random),
                env.optional("SOURCE_SECRETS_PREFIX").orElse("hookline/sources/"), urlGuard());
    }

    public SourceAdmin sourceAdmin() {
        return new SourceAdmin(sourceStore(), verificationSettings(), new SourceSpecs(random), ids, clock, random,
                auditTrail(), sourceCounters());
    }

    /** The signature doctor on a source's own settings, and the failures ingest kept. */
    public SourceDiagnostics sourceDiagnostics() {
        return new SourceDiagnostics(sourceStore(), verificationSettings(), secrets::get,
                new SignatureDoctor(new SchemeFactory(jwks())),
                sourceCounters(), clock);
    }

    public RunAdmin runAdmin() {
        return new RunAdmin(runStore(), eventPublisher(), clock);
    }

    /**
     * JWT sources verify with static keys or a JWKS URL; JWKS sets are fetched through the URL guard and cached per
     * execution environment (one shared provider), and an unobtainable set answers 503 key_unavailable.
     */
    public IngestService ingestService() {
        return new IngestService(sourceStore(), verificationSettings(), new SchemeFactory(jwks()), secrets::get,
                new SourceSpecs(random), new DynamoDedupStore(aws.dynamo(), env.require("IDEMPOTENCY_TABLE")), runStore(),
                queues, new SqsOrderedSender(aws.sqs(), env.require("STREAMS_QUEUE_URL")), eventPublisher(),
                sourceCounters(), ids, clock, retention(), attachments());
    }

    public DynamoSourceCounters sourceCounters() {
        return new DynamoSourceCounters(aws.dynamo(), env.require("DELIVERIES_TABLE"));
    }

    /**
     * Where stream attachments go: the template's bucket through S3 (moto or LocalStack locally), or, where the local
     * runner has no S3 (the embedded engine), a directory it names in ATTACHMENTS_DIR. Absent both, records that
     * need one are refused with 503 rather than queued without their bytes.
     */
    public AttachmentStore attachments() {
        AttachmentStore store = attachments;
        if (store == null) {
            String bucket = env.optional("ATTACHMENTS_BUCKET").orElse(null);
            if (bucket == null) {
                return null;
            }
            store = env.optional("ATTACHMENTS_DIR")
                    .<AttachmentStore>map(dir -> new DirectoryAttachmentStore(java.nio.file.Path.of(dir), bucket))
                    .orElseGet(() -> AwsClients.s3Attachments(env, bucket));
            attachments = store;
        }
        return store;
    }

    private synchronized HttpJwksProvider jwks() {
        if (jwks == null) {
            jwks = new HttpJwksProvider(urlGuard(), clock);
        }
        return jwks;
    }

    /**
     * The scheduler's pass over the due index. Deliveries are re-queued only once they are overdue by
     * {@code RECONCILE_AFTER_SECONDS}, which template.yaml sets above the delivery queue's visibility timeout.
     */
    public Reconciler reconciler() {
        return new Reconciler(new DynamoDueIndex(aws.dynamo(), env.require("DELIVERIES_TABLE")), messageStore(),
                deliveryStore(), queues, platformEvents(), pullDeliveries()::expireOverdue, clock,
                Duration.ofSeconds(env.integer("RECONCILE_AFTER_SECONDS", 420)));
    }
}
