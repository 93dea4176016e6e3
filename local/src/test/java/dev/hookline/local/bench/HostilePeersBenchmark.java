package dev.hookline.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.local.LocalOptions;
import dev.hookline.local.LocalPlatform;
import dev.hookline.local.testing.Http;
import dev.hookline.local.testing.RawReceiver;
import dev.hookline.local.testing.RepoPaths;


import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static dev.hookline.local.testing.Signers.bogusV1aCandidates;

/**
 * Issue 10's memory and cost figures for hostile peers, printed (not asserted), against the whole local platform in
 * this JVM: what a receiver sending a 200 MB header line, or 108 MB of small header lines, costs in memory (peak
 * heap and resident size above the baseline while the attempt runs); what 100 concurrent 10 MB bodies for an unknown
 * token cost, and 100 concurrent 4 MB ones that do fit an invocation; what 2,000 slow-header connections leave open;
 * and what a signature flood costs per request through the gateway. Run: bench/hostile-peers.sh
 */
public final class HostilePeersBenchmark {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    public static void main(String[] args) throws Exception {
        BenchConsole.quiet("hostile-peers");
        try (LocalPlatform platform = LocalPlatform.start(LocalOptions.defaults().withTemplate(RepoPaths.template())
                .withPort(0).withNamePrefix("hookline-hostile-"))) {
            Http http = new Http(platform.baseUri());
            JsonNode created = http.post("/v1/tenants", platform.adminKey(), "{\"name\":\"hostile\"}").json();
            String key = created.get("api_key").asText();

            headerFlood(http, key, "one 200 MB header line", c -> {
                c.write("HTTP/1.1 200 OK\r\nX-Huge: ");
                byte[] chunk = "h".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < 200 * 16; i++) {
                    c.write(chunk);
                }
            });
            headerFlood(http, key, "108 MB of small header lines", c -> {
                c.write("HTTP/1.1 200 OK\r\n");
                StringBuilder lines = new StringBuilder();
                for (int i = 0; i < 8_000; i++) {
                    lines.append("X-").append(i % 100_000).append(": v\r\n");
                }
                byte[] chunk = lines.toString().getBytes(StandardCharsets.US_ASCII);
                for (long sent = 0; sent < 108L * 1024 * 1024; sent += chunk.length) {
                    c.write(chunk);
                }
            });
            bodies(platform, "100 concurrent 10 MB JSON bodies, unknown token", 100, 10 * 1024 * 1024, "application/json");
            bodies(platform, "100 concurrent 4 MB binary bodies, unknown token (they fit an invocation)", 100,
                    4 * 1024 * 1024, "application/octet-stream");
            slowloris(platform, 2_000);
            signatureFlood(platform, http, key);
            System.out.println("Shared 2-core machine with other builds beside it; heap figures are after the work,"
                    + " sampled every 20 ms (peak) and after a GC (kept).");
        }
        System.exit(0);
    }

    private static void headerFlood(Http http, String key, String what, RawReceiver.Script answer) throws Exception {
        try (RawReceiver receiver = new RawReceiver(c -> {
            c.read();
            answer.run(c);
        })) {
            JsonNode ep = http.post("/v1/endpoints", key, "{\"url\":\"" + receiver.url("/") + "\",\"event_types\":[\"flood."
                    + what.hashCode() + "\"],\"retry\":{\"initial_backoff_s\":3600,\"multiplier\":1,\"max_attempts\":2,"
                    + "\"max_backoff_s\":3600}}").json();
            Baseline base = Baseline.take();
            try (Sampler sampler = Sampler.start()) {
                long start = System.nanoTime();
                String msg = http.post("/v1/events", key, "{\"type\":\"flood." + what.hashCode() + "\",\"data\":{}}").json()
                        .get("id").asText();
                JsonNode attempt = awaitFirstAttempt(http, key, msg, ep.get("id").asText());
                long ms = (System.nanoTime() - start) / 1_000_000;
                System.out.printf("receiver sending %s: outcome %s, receiver wrote %d MB before the hang-up,"
                                + " publish-to-recorded %d ms; peak heap +%d MB (live after GC: peak %d MB), peak RSS +%d MB,"
                                + " heap kept +%d MB%n", what,
                        attempt.get("outcome").asText(), receiver.bytesWritten() / (1024 * 1024), ms,
                        (sampler.peakHeap() - base.heap) >> 20, sampler.peakLive() >> 20,
                        (sampler.peakRss() - base.rss) >> 20,
                        (Baseline.take().heap - base.heap) >> 20);
            }
        }
    }

    private static JsonNode awaitFirstAttempt(Http http, String key, String messageId, String endpointId)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode event = http.get("/v1/events/" + messageId, key).json();
            for (JsonNode d : event.path("deliveries")) {
                if (d.get("endpoint_id").asText().equals(endpointId)) {
                    JsonNode delivery = http.get("/v1/deliveries/" + d.get("id").asText(), key).json();
                    if (delivery.get("attempts").size() > 0) {
                        return delivery.get("attempts").get(0);
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no attempt recorded for " + messageId);
    }

    private static void bodies(LocalPlatform platform, String what, int count, int size, String contentType)
            throws Exception {
        byte[] body = new byte[size];
        new Random(size).nextBytes(body);
        if (contentType.equals("application/json")) {
            java.util.Arrays.fill(body, (byte) 'a');
        }
        Baseline base = Baseline.take();
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        try (Sampler sampler = Sampler.start(); ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                calls.add(callers.submit(() -> {
                    int status = rawPost(platform.baseUri().getPort(), "/in/no-such-token", contentType, body);
                    statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                    return null;
                }));
            }
            for (Future<?> call : calls) {
                call.get();
            }
            System.out.printf("%s: answers %s in %d ms; peak heap +%d MB (live after GC: peak %d MB), peak RSS +%d MB%n",
                    what, statuses, (System.nanoTime() - start) / 1_000_000, (sampler.peakHeap() - base.heap) >> 20,
                    sampler.peakLive() >> 20, (sampler.peakRss() - base.rss) >> 20);
        }
    }

    /** POSTs over a raw socket (a refusal may come before the body is taken; the answer is what counts). */
    private static int rawPost(int port, String path, String contentType, byte[] body) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(120_000);
            OutputStream out = s.getOutputStream();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType
                            + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                } catch (IOException refusedEarly) {
                    // the gateway answered and closed without reading the body
                }
            });
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.append((char) b);
            }
            writer.interrupt();
            String[] parts = line.toString().split(" ");
            return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
        }
    }

    private static void slowloris(LocalPlatform platform, int count) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        Baseline base = Baseline.take();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            try {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), platform.baseUri().getPort());
                s.getOutputStream().write("POST /in/x HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                sockets.add(s);
            } catch (IOException e) {
                break; // the backlog is full: the gateway is not accepting more
            }
        }
        int opened = sockets.size();
        Thread.sleep(Duration.ofSeconds(15));
        int stillOpen = 0;
        for (Socket s : sockets) {
            try {
                s.setSoTimeout(1);
                if (s.getInputStream().read() >= 0) {
                    stillOpen++;
                }
            } catch (java.net.SocketTimeoutException open) {
                stillOpen++;
            } catch (IOException closed) {
                // closed by the gateway
            }
            s.close();
        }
        long healthMs = time(() -> new Http(platform.baseUri()).get("/health", null));
        System.out.printf("slowloris: %d connections dripping a header, %d still open after 15 s (head deadline 10 s);"
                        + " /health answered in %d ms meanwhile; RSS +%d MB%n", opened, stillOpen, healthMs,
                (Baseline.take().rss - base.rss) >> 20);
    }

    private static void signatureFlood(LocalPlatform platform, Http http, String key) {
        JsonNode created = http.post("/v1/sources", key, "{\"name\":\"sw\",\"mode\":\"stream\",\"verification\":"
                + "{\"scheme\":\"standard-webhooks\",\"public_keys\":[\"" + publicKey() + "\"]},\"stream\":{\"format\":\"json\"}}")
                .json();
        String url = created.get("ingest_url").asText();
        String path = url.substring(url.indexOf("/in/"));
        long now = System.currentTimeMillis() / 1000;
        for (int n : new int[] {1, 40, 4_000}) {
            String header = bogusV1aCandidates(n);
            Map<String, String> headers = Map.of("webhook-id", "msg_f" + n, "webhook-timestamp", Long.toString(now),
                    "webhook-signature", header);
            for (int i = 0; i < 20; i++) {
                http.send("POST", path, null, "{}", headers); // warm-up
            }
            long[] ms = new long[41];
            int status = 0;
            for (int i = 0; i < ms.length; i++) {
                long start = System.nanoTime();
                status = http.send("POST", path, null, "{}", headers).status();
                ms[i] = (System.nanoTime() - start) / 1_000;
            }
            java.util.Arrays.sort(ms);
            System.out.printf("signature flood through the gateway, %5d v1a candidates (%6d chars): status %d,"
                    + " median %d us per request%n", n, header.length(), status, ms[ms.length / 2]);
        }
    }

    private static String publicKey() {
        return dev.hookline.core.signing.Ed25519SigningKey.generate(new Random(5)).publicKey().encoded();
    }


    private static long time(Runnable r) {
        long start = System.nanoTime();
        r.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

    private record Baseline(long heap, long rss) {
        static Baseline take() {
            System.gc();
            return new Baseline(MEMORY.getHeapMemoryUsage().getUsed(), residentBytes());
        }
    }

    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    static long liveAfterLastGc() {
        long live = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
                live += pool.getCollectionUsage().getUsed();
            }
        }
        return live;
    }

    /** Samples heap used, heap live after the last GC, and RSS every 20 ms, keeping the peaks. */
    private static final class Sampler implements AutoCloseable {
        private final AtomicLong peakHeap = new AtomicLong();
        private final AtomicLong peakRss = new AtomicLong();
        private final AtomicLong peakLive = new AtomicLong();
        private volatile boolean running = true;
        private final Thread thread;

        private Sampler() {
            thread = Thread.ofPlatform().daemon().start(() -> {
                while (running) {
                    peakHeap.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
                    peakRss.accumulateAndGet(residentBytes(), Math::max);
                    peakLive.accumulateAndGet(liveAfterLastGc(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        static Sampler start() {
            return new Sampler();
        }

        long peakHeap() {
            return peakHeap.get();
        }

        long peakRss() {
            return peakRss.get();
        }

        /** The heap still in use after the most recent collection: live data, not garbage awaiting a GC. */
        long peakLive() {
            return peakLive.get();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join();
        }
    }
}
