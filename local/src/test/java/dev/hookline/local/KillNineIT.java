package dev.hookline.local;

import dev.hookline.local.testing.FreePorts;
import dev.hookline.local.testing.Eventually;
import dev.hookline.local.testing.Http;
import dev.hookline.local.testing.RepoPaths;
import dev.hookline.local.testing.TestReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole platform as its own process with {@code --data-dir} (its classpath is this test's, built by the
 * reactor: nothing installed), eight publishers sending 400 events with Idempotency-Keys, a {@code kill -9} once a
 * random number of them was acknowledged, a restart on the same directory - and every event that was ever answered
 * 202 reaches the receiver. Publishers behave as senders should: what was not acknowledged when the platform died is
 * sent again, with the same key, once it answers again; a key is never acknowledged under two ids.
 * <p>
 * Every wait is measured in work done, not in wall time: a loaded machine publishes and delivers slowly (about one
 * event a second at load 46), so a wait fails only when acknowledgements or deliveries stop moving for
 * {@link #STALL}. The count of events does not change what is proven (the kill falls while all eight publishers have
 * calls in flight); it keeps a slow run affordable.
 */
@Timeout(value = 45, unit = TimeUnit.MINUTES) // a guard against a hang only: the pace is the machine's
class KillNineIT {
    private static final int PUBLISHERS = 8;
    private static final int EVENTS = 400;
    /** How long nothing may move before a wait gives up: longer than any pause of a healthy platform (a restart). */
    private static final Duration STALL = Duration.ofMinutes(3);
    private static final Pattern ADMIN_KEY = Pattern.compile("Admin key\\s+(\\S+)");

    @TempDir
    Path dir;

    private volatile URI base;
    /** The last answer that was not a 202 (or the last connection failure), for the failure message. */
    private volatile String lastRefusal = "none";
    /** Set when the test ends, so publishers still retrying a key stop. */
    private volatile boolean stopped;

    @Test
    void everyAcknowledgedEventArrivesAfterAKillNineAndARestart() throws Exception {
        // What a kill -9 can lose is what the process held, not what it wrote: files on tmpfs (memory, like a disk's
        // page cache) survive it exactly as on disk, without paying for the disk's fsyncs on a busy CI machine.
        Path shm = Path.of("/dev/shm");
        Path data = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "hookline-kill9-")
                : dir.resolve("data");
        int port = FreePorts.forAChildProcess();
        base = URI.create("http://127.0.0.1:" + port);
        try (TestReceiver receiver = new TestReceiver()) {
            Process first = launch(port, data, dir.resolve("first.log"));
            String admin;
            String key;
            try {
                admin = adminKey(dir.resolve("first.log"));
                Http http = new Http(base);
                key = http.post("/v1/tenants", admin, "{\"name\":\"kill-nine\"}").json().get("api_key").asText();
                assertEquals(201, http.post("/v1/endpoints", key, "{\"url\":\"" + receiver.url("/") + "\"}").status());
            } catch (RuntimeException | IOException e) {
                first.destroyForcibly();
                throw e;
            }

            Map<String, String> acknowledged = new ConcurrentHashMap<>(); // idempotency key -> message id
            Set<String> conflicting = ConcurrentHashMap.newKeySet();
            int killAfter = 50 + new java.util.Random().nextInt(EVENTS - 100); // somewhere in the middle of the load
            long loadStarted = System.nanoTime();
            ExecutorService publishers = Executors.newVirtualThreadPerTaskExecutor();
            Process second = null;
            try {
                for (int w = 0; w < PUBLISHERS; w++) {
                    int worker = w;
                    publishers.submit(() -> publish(worker, key, acknowledged, conflicting));
                }
                try {
                    Eventually.whileProgressing(STALL, acknowledged::size, () -> acknowledged.size() >= killAfter,
                            "load reaches the kill point (" + killAfter + " acknowledged)");
                } catch (AssertionError stuck) {
                    throw new AssertionError(stuck.getMessage() + "; last refusal " + lastRefusal + "; platform log: "
                            + tail(dir.resolve("first.log")), stuck);
                }
                long loadSeconds = (System.nanoTime() - loadStarted) / 1_000_000_000L;
                first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, nothing flushed on purpose
                int ackedBeforeKill = acknowledged.size();
                long restartedAt = System.nanoTime();
                second = launch(port, data, dir.resolve("second.log"));
                long upSeconds = (System.nanoTime() - restartedAt) / 1_000_000_000L;

                Eventually.whileProgressing(STALL, acknowledged::size, () -> acknowledged.size() == EVENTS,
                        "publishers have every key acknowledged; last refusal " + lastRefusal);
                long publishedSeconds = (System.nanoTime() - restartedAt) / 1_000_000_000L;
                assertTrue(conflicting.isEmpty(), "a key acknowledged under two message ids: " + conflicting);

                Set<String> expected = Set.copyOf(acknowledged.values());
                Eventually.whileProgressing(STALL, () -> arrived(receiver, expected),
                        () -> arrived(receiver, expected) == expected.size(),
                        "every acknowledged event at the receiver");
                long seconds = (System.nanoTime() - restartedAt) / 1_000_000_000L;
                Map<String, Integer> got = received(receiver);
                int duplicates = got.values().stream().mapToInt(n -> n - 1).sum();
                long strays = got.keySet().stream().filter(id -> !expected.contains(id)).count();
                System.out.printf("%nkill -9 after %d of %d acknowledged (%d s of load); up again in %d s; all %d"
                        + " acknowledged %d s after the restart; last event at the receiver %d s after the restart;"
                        + " lost 0; re-sent (same webhook-id) %d; events nobody was answered with %d%n",
                        ackedBeforeKill, EVENTS, loadSeconds, upSeconds, EVENTS, publishedSeconds, seconds,
                        duplicates, strays);
                assertEquals(0, strays, "a retry after the crash published a second event");
            } finally {
                stopped = true;
                publishers.shutdownNow();
                first.destroyForcibly();
                if (second != null) {
                    second.destroy();
                    if (!second.waitFor(30, TimeUnit.SECONDS)) {
                        second.destroyForcibly();
                    }
                }
                if (!data.startsWith(dir)) {
                    deleteTree(data);
                }
            }
        }
    }

    /** How many of the expected events reached the receiver (at least once). */
    private static long arrived(TestReceiver receiver, Set<String> expected) {
        return received(receiver).keySet().stream().filter(expected::contains).count();
    }

    private static void deleteTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * One publisher's share of the keys, each retried (same key) until answered 202 - across the kill too - or until
     * the test ends (the test's waits fail when acknowledgements stop).
     */
    private void publish(int worker, String apiKey, Map<String, String> acknowledged, Set<String> conflicting) {
        for (int i = worker; i < EVENTS && !stopped; i += PUBLISHERS) {
            String key = "kill-nine-" + i;
            while (!stopped) {
                Http.Response r;
                try {
                    r = new Http(base).send("POST", "/v1/events", apiKey,
                            "{\"type\":\"order.created\",\"data\":{\"n\":" + i + "}}", Map.of("Idempotency-Key", key));
                } catch (AssertionError down) { // the test client's way of saying the connection failed
                    lastRefusal = String.valueOf(down.getMessage());
                    Eventually.pause(Duration.ofMillis(500)); // the platform is not answering (killed, or starting again)
                    continue;
                }
                if (r.status() == 202) {
                    String id = r.json().get("id").asText();
                    String before = acknowledged.putIfAbsent(key, id);
                    if (before != null && !before.equals(id)) {
                        conflicting.add(key);
                    }
                    break;
                }
                lastRefusal = r.status() + " " + r.body();
                String retryAfter = r.header("retry-after");
                Eventually.pause(retryAfter == null ? Duration.ofMillis(500) : Duration.ofSeconds(Long.parseLong(retryAfter)));
            }
        }
    }

    private Process launch(int port, Path data, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx768m",
                "-cp", classpath, Main.class.getName(), "--port", Integer.toString(port), "--data-dir", data.toString(),
                "--template", RepoPaths.template().toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Http http = new Http(URI.create("http://127.0.0.1:" + port));
        try {
            // Start-up shows no progress to count; this only bounds a platform that never comes up.
            Eventually.until(Duration.ofMinutes(5), () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the platform exited: " + tail(log));
                }
                try {
                    return http.get("/health", null).status() == 200;
                } catch (AssertionError notYet) { // connection refused: still starting
                    return false;
                }
            }, "the platform answers /health");
        } catch (AssertionError | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        return process;
    }

    private static String adminKey(Path log) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = ADMIN_KEY.matcher(Files.readString(log));
            if (m.find()) {
                return m.group(1);
            }
            Eventually.pause(Duration.ofMillis(200));
        }
        throw new AssertionError("no admin key in the banner: " + tail(log));
    }

    private static Map<String, Integer> received(TestReceiver receiver) {
        Map<String, Integer> out = new HashMap<>();
        receiver.received().forEach(r -> out.merge(r.header("webhook-id"), 1, Integer::sum));
        return out;
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log);
            return text.substring(Math.max(0, text.length() - 3000));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
