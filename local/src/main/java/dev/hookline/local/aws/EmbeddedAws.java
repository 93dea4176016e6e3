package dev.hookline.local.aws;

import dev.hookline.local.console.QuietConsole;
import dev.hookline.local.secrets.SecretsManagerEmulator;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * DynamoDB Local, ElasticMQ (behind {@link SqsLimitsFront}) and the Secrets Manager emulator, in this process, on
 * loopback ports. They start in parallel (each takes ~2 s here). With a data directory, DynamoDB keeps its tables
 * (and their streams) in a sqlite file, ElasticMQ its queues and messages in an H2 file ({@link PersistentSqs}), and
 * secrets a JSON file: a restart, even after kill -9, finds every acknowledged message where it was.
 */
public final class EmbeddedAws implements AutoCloseable {
    public static final String REGION = "us-east-1";

    private final DynamoDBProxyServer dynamo;
    private final AutoCloseable sqs;
    private final SqsLimitsFront sqsFront;
    private final SecretsManagerEmulator secrets;
    private final URI dynamoEndpoint;
    private final URI sqsEndpoint;

    private EmbeddedAws(DynamoDBProxyServer dynamo, URI dynamoEndpoint, AutoCloseable sqs, URI sqsEndpoint,
                        SecretsManagerEmulator secrets) {
        this.dynamo = dynamo;
        this.dynamoEndpoint = dynamoEndpoint;
        this.sqs = sqs;
        // Every SQS call goes through the front, which refuses what SQS refuses and ElasticMQ would let through.
        this.sqsFront = SqsLimitsFront.start(sqsEndpoint);
        this.sqsEndpoint = sqsFront.endpoint();
        this.secrets = secrets;
    }

    public static EmbeddedAws start(Path dataDir) {
        CompletableFuture<Object[]> dynamoStart = CompletableFuture.supplyAsync(() -> startDynamo(dataDir));
        CompletableFuture<Object[]> sqsStart = CompletableFuture.supplyAsync(() -> startSqs(dataDir));
        CompletableFuture<SecretsManagerEmulator> secretsStart = CompletableFuture.supplyAsync(() -> {
            try {
                return SecretsManagerEmulator.start(0, dataDir == null ? null : dataDir.resolve("secrets.json"), REGION);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Object[] d = dynamoStart.join();
        Object[] q = sqsStart.join();
        return new EmbeddedAws((DynamoDBProxyServer) d[0], (URI) d[1], (AutoCloseable) q[0], (URI) q[1], secretsStart.join());
    }

    private static Object[] startDynamo(Path dataDir) {
        try {
            int port = freePort();
            List<String> args = new ArrayList<>(List.of("-port", Integer.toString(port), "-disableTelemetry"));
            if (dataDir == null) {
                args.add("-inMemory");
            } else {
                Path dir = dataDir.resolve("dynamodb");
                Files.createDirectories(dir);
                args.addAll(List.of("-dbPath", dir.toString()));
            }
            // DynamoDB Local prints its whole configuration on System.out: keep it off the terminal.
            DynamoDBProxyServer server = QuietConsole.quietly(() -> {
                DynamoDBProxyServer s = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
                s.start();
                return s;
            });
            return new Object[]{server, URI.create("http://127.0.0.1:" + port)};
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start", e);
        }
    }

    private static Object[] startSqs(Path dataDir) {
        if (dataDir != null) {
            try {
                PersistentSqs persistent = PersistentSqs.start(dataDir, freePort(), REGION);
                return new Object[]{persistent, persistent.endpoint()};
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        SQSRestServer server = SQSRestServerBuilder.withDynamicPort().withInterface("127.0.0.1")
                .withAWSRegion(REGION).start();
        int port = server.waitUntilStarted().localAddress().getPort();
        AutoCloseable stop = server::stopAndWait;
        return new Object[]{stop, URI.create("http://127.0.0.1:" + port)};
    }

    /** DynamoDB Local takes a port number, not an open socket: find one free on loopback. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public URI dynamoEndpoint() {
        return dynamoEndpoint;
    }

    public URI sqsEndpoint() {
        return sqsEndpoint;
    }

    public URI secretsEndpoint() {
        return secrets.endpoint();
    }

    @Override
    public void close() {
        secrets.close();
        sqsFront.close();
        try {
            sqs.close();
        } catch (Exception ignored) {
            // Pekko may already be shutting down with the JVM.
        }
        try {
            dynamo.stop();
        } catch (Exception ignored) {
            // Same: nothing to save in memory mode, and sqlite has flushed each write.
        }
    }
}
