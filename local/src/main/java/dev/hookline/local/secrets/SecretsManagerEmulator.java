package dev.hookline.local.secrets;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A minimal AWS Secrets Manager, in-process on loopback, that the AWS SDK v2 {@code SecretsManagerClient}
 * talks to unchanged through {@code endpointOverride(emulator.endpoint())} (any credentials; signatures are
 * not checked).
 *
 * <p>It speaks the AWS JSON 1.1 protocol for CreateSecret, GetSecretValue, PutSecretValue, DescribeSecret,
 * ListSecrets, ListSecretVersionIds, DeleteSecret and UpdateSecret, with the staging-label rules of AWS
 * (see {@link SecretsManagerHandler} and {@link SecretStore}). Secrets live in account {@code 000000000000}
 * of the given region.
 *
 * <p>Simplification: DeleteSecret removes a secret at once, whatever the recovery window (the answer still
 * carries the DeletionDate AWS would give); afterwards the secret is a ResourceNotFoundException and its
 * name can be reused. There is no RestoreSecret.
 *
 * <p>With a state file, the secrets (values included, in clear text) are loaded on start and saved after
 * each change; without one they live in memory only.
 */
public final class SecretsManagerEmulator implements AutoCloseable {

    private static final String DEFAULT_REGION = "us-east-1";
    private static final Pattern REGION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final System.Logger LOG = System.getLogger(SecretsManagerEmulator.class.getName());

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI endpoint;
    private boolean closed;

    private SecretsManagerEmulator(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** port 0 = pick a free port; stateFile null = in memory, else load on start / save after each change (JSON). */
    public static SecretsManagerEmulator start(int port, Path stateFile, String region) throws IOException {
        String effectiveRegion = region == null || region.isBlank() ? DEFAULT_REGION : region;
        if (!REGION.matcher(effectiveRegion).matches()) {
            throw new IllegalArgumentException("Not a region name: " + effectiveRegion);
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("Not a port: " + port);
        }
        Clock clock = Clock.systemUTC();
        SecretStore store = SecretStore.open(stateFile, effectiveRegion, clock);

        InetAddress loopback = InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        HttpServer server = HttpServer.create(new InetSocketAddress(loopback, port), 0);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.createContext("/", new SecretsManagerHandler(store, clock));
        server.setExecutor(executor);
        server.start();
        SecretsManagerEmulator emulator = new SecretsManagerEmulator(server, executor);
        LOG.log(System.Logger.Level.INFO, "Secrets Manager emulator on {0} (region {1}, {2})", emulator.endpoint,
                effectiveRegion, stateFile == null ? "in memory" : "state in " + stateFile);
        return emulator;
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
