package dev.hookline.infrastructure.aws;

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
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.time.Duration;
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
     * The S3 client for stream attachments, built only by functions that store them (ingest). Path-style addressing
     * where an endpoint is overridden (moto, LocalStack): their virtual-host names do not resolve locally.
     */
    public static S3Client s3(Environment env) {
        Region region = Region.of(env.optional("AWS_REGION").or(() -> env.optional("AWS_DEFAULT_REGION")).orElse("us-east-1"));
        return configure(S3Client.builder(), env, "S3", region, credentials(env))
                .forcePathStyle(endpoint(env, "S3").isPresent())
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(3))
                        .socketTimeout(Duration.ofSeconds(25)).build())
                .build();
    }

    private static <B extends AwsClientBuilder<B, ?>> B configure(B builder, Environment env, String service,
                                                                  Region region, AwsCredentialsProvider credentials) {
        builder.region(region).credentialsProvider(credentials);
        endpoint(env, service).ifPresent(builder::endpointOverride);
        return builder;
    }

    static Optional<URI> endpoint(Environment env, String service) {
        return env.optional("AWS_ENDPOINT_URL_" + service).or(() -> env.optional("AWS_ENDPOINT_URL")).map(URI::create);
    }

    private static AwsCredentialsProvider credentials(Environment env) {
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

    @Override
    public void close() {
        dynamo.close();
        sqs.close();
        secrets.close();
    }
}
