package dev.hookline.local.bench;

import com.sun.net.httpserver.HttpServer;
import dev.hookline.local.LocalOptions;
import dev.hookline.local.LocalPlatform;
import dev.hookline.local.testing.CliProcess;
import dev.hookline.local.testing.Http;
import dev.hookline.local.testing.RepoPaths;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * Issue 14's figure, printed (not asserted): publish -> the developer's app, through `hookline listen` (a pull
 * endpoint, the CLI as its own process long-polling the API) and, side by side in the same run, through a push
 * endpoint to the same kind of app. One event at a time (each waits for its arrival), so queueing does not add
 * up; medians and percentiles of N. Run: bench/pull-latency.sh [N=30]
 */
public final class PullLatencyBenchmark {
    public static void main(String[] args) throws Exception {
        BenchConsole.quiet("pull-latency");
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        HttpServer app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        app.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        app.createContext("/", exchange -> {
            long at = System.nanoTime();
            exchange.getRequestBody().readAllBytes();
            arrived.putIfAbsent(exchange.getRequestHeaders().getFirst("webhook-id"), at);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        app.start();
        String appUrl = "http://127.0.0.1:" + app.getAddress().getPort();
        Path home = Files.createTempDirectory("hookline-bench");
        try (LocalPlatform platform = LocalPlatform.start(LocalOptions.defaults().withTemplate(RepoPaths.template())
                .withPort(0).withNamePrefix("hookline-bench-"))) {
            Http http = new Http(platform.baseUri());
            String key = http.post("/v1/tenants", platform.adminKey(), "{\"name\":\"bench\"}").json().get("api_key").asText();
            CliProcess cli = new CliProcess(Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", home.toString(),
                    "HOOKLINE_URL", platform.baseUri().toString(), "HOOKLINE_KEY", key), home);
            http.post("/v1/endpoints", key, "{\"url\":\"" + appUrl + "/push\",\"event_types\":[\"push.*\"]}");
            try (CliProcess.Running listen = cli.start("listen", "--forward-to", appUrl + "/pull", "--events", "pull.*")) {
                if (listen.await(l -> l.startsWith("Ctrl-C"), Duration.ofSeconds(120)) == null) {
                    throw new IllegalStateException("listen did not start: " + listen.lines() + listen.stderr());
                }
                measure(http, key, arrived, "pull.tick", 3); // warm-up: JIT, connections, caches on both paths
                measure(http, key, arrived, "push.tick", 3);
                List<Long> pull = new ArrayList<>();
                List<Long> push = new ArrayList<>();
                for (int i = 0; i < n; i++) { // interleaved, so both see the same machine load
                    pull.addAll(measure(http, key, arrived, "pull.tick", 1));
                    push.addAll(measure(http, key, arrived, "push.tick", 1));
                }
                System.out.println();
                System.out.println("publish -> app, one event at a time, n=" + n + " each, ms (2 cores, shared with other builds):");
                System.out.println("  pull (hookline listen): " + summary(pull));
                System.out.println("  push (delivery worker): " + summary(push));
                System.out.printf("  median ratio pull/push: %.2f%n", (double) median(pull) / median(push));
                listen.interrupt();
                listen.waitFor(Duration.ofSeconds(30));
            }
        } finally {
            app.stop(0);
        }
    }

    private static List<Long> measure(Http http, String key, Map<String, Long> arrived, String type, int count)
            throws InterruptedException {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            String id = http.post("/v1/events", key, "{\"type\":\"" + type + "\",\"data\":{\"i\":" + i + "}}").json()
                    .get("id").asText();
            long deadline = start + Duration.ofSeconds(60).toNanos();
            while (!arrived.containsKey(id) && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            Long at = arrived.get(id);
            if (at == null) {
                throw new IllegalStateException(type + " " + id + " never arrived");
            }
            out.add((at - start) / 1_000_000);
        }
        return out;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static String summary(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return "median " + median(values) + ", p90 " + sorted.get((int) Math.ceil(sorted.size() * 0.9) - 1)
                + ", min " + sorted.getFirst() + ", max " + sorted.getLast();
    }
}
