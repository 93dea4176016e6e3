package dev.hookline.infrastructure.aws;

import dev.hookline.infrastructure.attachments.S3AttachmentStore;
import dev.hookline.infrastructure.config.Environment;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import java.util.Optional;

/**
 * The three AWS clients, built once per execution environment with region, credentials and HTTP client
 * set explicitly (no provider-chain guessing on the cold path). Endpoints follow the SDK's own
 * {@code AWS_ENDPOINT_URL[_SERVICE]} convention, read from the given environment so the local runner and
 * LocalStack tests point the same code at their emulators.
 */
public record AwsClients(DynamoDbClient dynamo, SqsClient sqs, SecretsManagerClient secrets) implements AutoCloseable {

    public static AwsClients from(Environment env) {
        Region region = Region.of(env.optional("AWS_REGION").or(() -> env.optional("AWS_DEFAULT_REGION")).orElse("us-east-1"));
        AwsCredentialsProvider credentials = credentials(env);
        SdkHttpClient http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(25))
                .build();
        return new AwsClients(
                configure(DynamoDbClient.builder(), env, "DYNAMODB", region, credentials).httpClient(http).build(),
                configure(SqsClient.builder(), env, "SQS", region, credentials).httpClient(http).build(),
                configure(SecretsManagerClient.builder(), env, "SECRETS_MANAGER", region, credentials).httpClient(http).build());
    }

    /**
     * Stream attachments' store, built only by functions that store them (ingest): a signed PUT through its own HTTP
     * client, without the S3 SDK (see {@link S3AttachmentStore}). Path-style addressing where an endpoint is
     * overridden (moto, LocalStack): their virtual-host names do not resolve locally.
     */
    public static S3AttachmentStore s3Attachments(Environment env, String bucket) {
        return new S3AttachmentStore(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(25)).build(), credentials(env), region(env).id(),
                endpoint(env, "S3").orElse(null), bucket);
    }

    private static Region region(Environment env) {
        return Region.of(env.optional("AWS_REGION").or(() -> env.optional("AWS_DEFAULT_REGION")).orElse("us-east-1"));
    }

    private static <B extends AwsClientBuilder<B, ?>> B configure(B builder, Environment env, String service,
                                                                  Region region, AwsCredentialsProvider credentials) {
        builder.region(region).credentialsProvider(credentials);
        endpoint(env, service).ifPresent(builder::endpointOverride);
        return builder;
    }

    public static Optional<URI> endpoint(Environment env, String service) {
        return env.optional("AWS_ENDPOINT_URL_" + service).or(() -> env.optional("AWS_ENDPOINT_URL")).map(URI::create);
    }

    public static AwsCredentialsProvider credentials(Environment env) {
        Optional<String> keyId = env.optional("AWS_ACCESS_KEY_ID");
        Optional<String> secret = env.optional("AWS_SECRET_ACCESS_KEY");
        if (keyId.isPresent() && secret.isPresent()) {
            Optional<String> session = env.optional("AWS_SESSION_TOKEN");
            return StaticCredentialsProvider.create(session.isPresent()
                    ? AwsSessionCredentials.create(keyId.get(), secret.get(), session.get())
                    : AwsBasicCredentials.create(keyId.get(), secret.get()));
        }
        // SnapStart functions get no key variables: the chain then finds the container credentials endpoint.
        return DefaultCredentialsProvider.builder().build();
    }

    /**
     * SnapStart priming of the request path, as AWS's invoke-priming guidance does it: one read through each client
     * (a DynamoDB key that does not exist, a queue's message count), so the snapshot holds the marshallers, signer,
     * retry strategy and HTTP client loaded and linked. Reads only: nothing is written, no secret is read (it would be
     * kept in the snapshot), and a failure (no network at snapshot time) only leaves the first request colder.
     */
    public void primeReads(String table, String queueUrl) {
        try {
            AttributeValue prime = AttributeValue.builder().s("prime#snapstart").build();
            dynamo.getItem(b -> b.tableName(table).key(Map.of("pk", prime, "sk", prime)));
        } catch (RuntimeException ignored) {
            // Priming is an optimisation, never a requirement.
        }
        if (queueUrl != null) {
            try {
                sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
            } catch (RuntimeException ignored) {
                // As above.
            }
        }
    }

    @Override
    public void close() {
        dynamo.close();
        sqs.close();
        secrets.close();
    }
}
