package dev.hookline.infrastructure.dynamo;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * DynamoDB Local in this process (in memory, on a free loopback port) with a client for it, and the tables
 * of template.yaml: same key schemas, indexes and TTL attribute.
 */
final class DynamoLocal implements AutoCloseable {
    static final String ENTITIES = "entities";
    static final String DELIVERIES = "deliveries";
    static final String IDEMPOTENCY = "idempotency";

    private final DynamoDBProxyServer server;
    private final URI endpoint;
    private final DynamoDbClient client;
    private final List<DynamoDbClient> others = new ArrayList<>();

    private DynamoLocal(DynamoDBProxyServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
        this.client = client(endpoint, List.of());
    }

    static DynamoLocal start() {
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                    new String[]{"-inMemory", "-port", Integer.toString(port), "-disableTelemetry"});
            server.start();
            return new DynamoLocal(server, URI.create("http://127.0.0.1:" + port));
        } catch (IOException e) {
            throw new IllegalStateException("No free port for DynamoDB Local", e);
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start", e);
        }
    }

    DynamoDbClient client() {
        return client;
    }

    /** Another client of the same server whose calls pass through {@code interceptors} (closed with this). */
    DynamoDbClient client(ExecutionInterceptor... interceptors) {
        DynamoDbClient other = client(endpoint, List.of(interceptors));
        others.add(other);
        return other;
    }

    private static DynamoDbClient client(URI endpoint, List<ExecutionInterceptor> interceptors) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.executionInterceptors(interceptors))
                .build();
    }

    /** The entities table: pk/sk, gsi1 on gsi1pk/gsi1sk. */
    DynamoLocal entities() {
        create(ENTITIES, List.of(gsi("gsi1", "gsi1pk", "gsi1sk")), "gsi1pk", "gsi1sk");
        return this;
    }

    /** The deliveries table: pk/sk, gsi1 (keys only) on gsi1pk/gsi1sk, due (keys only) on due_shard/due_at, recent (id, type, timestamp). */
    DynamoLocal deliveries() {
        GlobalSecondaryIndex recent = gsi("recent", "recent_pk", "recent_sk").toBuilder()
                .projection(Projection.builder().projectionType(ProjectionType.INCLUDE)
                        .nonKeyAttributes("id", "type", "timestamp").build()).build();
        create(DELIVERIES, List.of(gsi("gsi1", "gsi1pk", "gsi1sk", ProjectionType.KEYS_ONLY),
                        gsi("due", "due_shard", "due_at", ProjectionType.KEYS_ONLY), recent),
                "gsi1pk", "gsi1sk", "due_shard", "due_at", "recent_pk", "recent_sk");
        return this;
    }

    /** The idempotency table: pk only. */
    DynamoLocal idempotency() {
        client.createTable(CreateTableRequest.builder().tableName(IDEMPOTENCY).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("pk"))
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()).build());
        ttl(IDEMPOTENCY);
        return this;
    }

    private void create(String name, List<GlobalSecondaryIndex> indexes, String... indexAttributes) {
        List<AttributeDefinition> attrs = new ArrayList<>(List.of(attr("pk"), attr("sk")));
        for (String a : indexAttributes) {
            attrs.add(attr(a));
        }
        client.createTable(CreateTableRequest.builder().tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attrs)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
                .globalSecondaryIndexes(indexes).build());
        ttl(name);
    }

    private void ttl(String name) {
        client.updateTimeToLive(UpdateTimeToLiveRequest.builder().tableName(name)
                .timeToLiveSpecification(TimeToLiveSpecification.builder().attributeName("expires_at").enabled(true).build())
                .build());
    }

    private static AttributeDefinition attr(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static GlobalSecondaryIndex gsi(String name, String hash, String range) {
        return gsi(name, hash, range, ProjectionType.ALL);
    }

    private static GlobalSecondaryIndex gsi(String name, String hash, String range, ProjectionType projection) {
        return GlobalSecondaryIndex.builder().indexName(name)
                .keySchema(KeySchemaElement.builder().attributeName(hash).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(range).keyType(KeyType.RANGE).build())
                .projection(Projection.builder().projectionType(projection).build()).build();
    }

    @Override
    public void close() {
        others.forEach(DynamoDbClient::close);
        client.close();
        try {
            server.stop();
        } catch (Exception ignored) {
            // In memory: nothing to save.
        }
    }
}
