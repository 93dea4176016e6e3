package dev.hookline.local.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A moto server ({@code python3 -m moto.server}) on a free loopback port: a second AWS engine, independent of the
 * embedded ones, that speaks DynamoDB (with Streams), SQS and Secrets Manager on one endpoint. Its output goes to
 * {@code target/moto/moto-<port>.log}. {@link #close()} stops it; a shutdown hook does the same if the JVM ends
 * without closing it, so no server outlives the test run.
 */
public final class MotoServer implements AutoCloseable {
    /** moto's default account; it accepts any credentials. */
    public static final String REGION = "us-east-1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final URI endpoint;
    private final Path log;
    private final Thread shutdownHook;

    private MotoServer(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
        this.shutdownHook = new Thread(this::stopProcess, "moto-server-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts a server with the first Python that has moto: {@code $HOOKLINE_PYTHON} if set, {@code python3} from PATH,
     * then pyenv's (where this machine kind installs moto, also for a JVM started with a bare PATH). Throws with every
     * attempt's reason where none can.
     */
    public static MotoServer start() throws IOException {
        List<String> pythons = new ArrayList<>();
        if (System.getenv("HOOKLINE_PYTHON") != null) {
            pythons.add(System.getenv("HOOKLINE_PYTHON"));
        }
        pythons.add("python3");
        pythons.add(Path.of(System.getenv().getOrDefault("PYENV_ROOT", System.getProperty("user.home") + "/.pyenv"),
                "shims", "python3").toString());
        List<String> failures = new ArrayList<>();
        for (String python : pythons) {
            try {
                return start(List.of(python, "-m", "moto.server"));
            } catch (IOException e) {
                failures.add(python + ": " + e.getMessage());
            }
        }
        throw new IOException(String.join("; ", failures));
    }

    /** Starts {@code launcher -H 127.0.0.1 -p <port>} and waits until it answers, or throws with the log's tail. */
    static MotoServer start(List<String> launcher) throws IOException {
        int port = FreePorts.forAChildProcess();
        Path dir = Path.of(System.getProperty("user.dir"), "target", "moto").toAbsolutePath();
        Files.createDirectories(dir);
        Path log = dir.resolve("moto-" + port + ".log");
        Process process;
        try {
            List<String> command = new ArrayList<>(launcher);
            command.addAll(List.of("-H", "127.0.0.1", "-p", Integer.toString(port)));
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new IOException(launcher.getFirst() + " cannot be run: " + e.getMessage(), e);
        }
        process.getOutputStream().close();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(String.join(" ", launcher) + " exited with " + process.exitValue() + ": " + tail(log));
            }
            if (answers(endpoint)) {
                return new MotoServer(process, endpoint, log);
            }
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        process.destroyForcibly();
        throw new IOException(String.join(" ", launcher) + " did not answer on " + endpoint + " within " + START_TIMEOUT + ": " + tail(log));
    }

    public URI endpoint() {
        return endpoint;
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() {
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Already in shutdown: the hook runs (or ran) stopProcess, which is idempotent.
        }
    }

    private void stopProcess() {
        if (!process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** moto's own API root answers 200 once Flask serves. */
    private static boolean answers(URI endpoint) {
        try {
            HttpURLConnection c = (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            try {
                return c.getResponseCode() == 200;
            } finally {
                c.disconnect();
            }
        } catch (IOException notYet) {
            return false;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
