package dev.hookline.functions.wiring;

import dev.hookline.core.id.Ids;
import dev.hookline.core.schedule.DueWorkSweeper;
import dev.hookline.core.tenant.TenantAdmin;
import dev.hookline.functions.log.Log;
import dev.hookline.infrastructure.aws.AwsClients;
import dev.hookline.infrastructure.config.Environment;
import dev.hookline.infrastructure.dynamo.DynamoDueWorkStore;
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

    public Wiring(Environment env, Clock clock, AwsClients aws) {
        this.env = env;
        this.clock = clock;
        this.aws = aws;
        this.random = new SecureRandom();
        this.ids = new Ids(clock, random);
        this.secrets = new SecretCache(aws.secrets(), clock, Duration.ofMinutes(5));
        this.queues = new SqsQueueSender(aws.sqs(), SqsQueueSender.urlsFrom(env));
    }

    public static Wiring from(Environment env) {
        return new Wiring(env, Clock.systemUTC(), AwsClients.from(env));
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
        return Log.of(name, env.optional("LOG_LEVEL").orElse("INFO"));
    }

    public TenantAdmin tenantAdmin() {
        return new TenantAdmin(new DynamoTenantStore(aws.dynamo(), env.require("ENTITIES_TABLE")), ids, clock, random);
    }

    public AdminKey adminKey() {
        return new AdminKey(secrets, env.require("ADMIN_KEY_SECRET_ARN"));
    }

    public ResourceHealth health() {
        return new ResourceHealth(aws, env);
    }

    public DueWorkSweeper dueWork() {
        return new DueWorkSweeper(new DynamoDueWorkStore(aws.dynamo(), env.require("DELIVERIES_TABLE")), queues, clock);
    }
}
