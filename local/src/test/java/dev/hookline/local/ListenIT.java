package dev.hookline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import dev.hookline.local.testing.CliProcess;
import dev.hookline.local.testing.TestPlatform;
import dev.hookline.local.testing.Tenants;
import dev.hookline.local.testing.WithPlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code hookline listen} as a developer uses it: the CLI process forwards through a pull endpoint to an app on
 * loopback that verifies every request with the official Standard Webhooks library, answers 500 then 200 (a real
 * retry follows), and Ctrl-C (SIGINT) leaves the endpoint disabled until the next listen.
 */
@WithPlatform
class ListenIT {
    @TempDir
    Path home;

    /** The developer's app: verifies with the official library, answers from a script, records what came. */
    static final class App implements AutoCloseable {
        record Hit(String webhookId, String type, boolean verified) {
        }

        final HttpServer server;
        final List<Hit> hits = new CopyOnWriteArrayList<>();
        final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();
        volatile String secret;

        App() throws Exception {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/hooks", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                boolean verified;
                try {
                    new Webhook(secret).verify(body, HttpHeaders.of(exchange.getRequestHeaders(), (a, b) -> true));
                    verified = true;
                } catch (Exception e) {
                    verified = false;
                }
                String type = body.replaceAll("(?s).*\"type\":\"([^\"]+)\".*", "$1");
                hits.add(new Hit(exchange.getRequestHeaders().getFirst("webhook-id"), type, verified));
                Integer status = answers.poll();
                byte[] answer = (verified ? "ok" : "bad signature").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(!verified ? 401 : status == null ? 200 : status, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private App app;

    @BeforeEach
    void app() throws Exception {
        app = new App();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private static String group(String line, String regex) {
        Matcher m = Pattern.compile(regex).matcher(line == null ? "" : line);
        assertTrue(m.find(), "'" + regex + "' in " + line);
        return m.group(1);
    }

    @Test
    void listenForwardsSignedDeliveriesRetriesWhatTheAppRefusesAndCtrlCDisablesTheEndpoint(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "cli-listen");
        CliProcess cli = new CliProcess(Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", home.resolve("c").toString(),
                "HOOKLINE_URL", p.platform().baseUri().toString(), "HOOKLINE_KEY", t.key(),
                "USER", "dev", "HOSTNAME", "laptop"), home);
        String endpointId;
        // A short lease: the long poll in flight at Ctrl-C goes on in the server for up to --wait seconds (neither API
        // Gateway nor Lambda tells it the client left) and may lease the event published next; that lease must end
        // before the second listen's wait below does, as it would for a developer who Ctrl-Cs and listens again.
        try (CliProcess.Running listen = cli.start("listen", "--forward-to", app.url(), "--events", "invoice.*", "--wait", "2",
                "--visibility", "5")) {
            String ready = listen.await(l -> l.startsWith("Ready: "), Duration.ofSeconds(60));
            assertNotNull(ready, "listen started: " + listen.lines() + listen.stderr());
            endpointId = group(ready, "(ep_\\w+)");
            assertTrue(ready.contains("hookline listen dev@laptop"), "named by user and host: " + ready);
            app.secret = group(listen.await(l -> l.startsWith("Signing secret: "), Duration.ofSeconds(10)), "(whsec_\\S+)");
            JsonNode endpoint = t.get("/v1/endpoints/" + endpointId).json();
            assertEquals("pull", endpoint.get("delivery").asText());
            assertEquals("invoice.*", endpoint.get("event_types").get(0).asText());
            // A quick retry, so the test need not wait the default 30 s.
            assertEquals(200, t.send("PATCH", "/v1/endpoints/" + endpointId,
                    "{\"retry\":{\"initial_backoff_s\":1,\"multiplier\":1,\"max_attempts\":5,\"max_backoff_s\":1}}").status());

            app.answers.add(500);
            String msg = t.publish("invoice.paid", "{\"amount\":42}");
            t.publish("order.created", "{}"); // not subscribed: never forwarded
            String failed = listen.await(l -> l.contains(msg), Duration.ofSeconds(30));
            assertNotNull(failed, "a line per delivery: " + listen.lines());
            assertTrue(failed.matches("\\d\\d:\\d\\d:\\d\\d\\s+invoice\\.paid\\s+" + msg + "\\s+500\\s+\\d+ ms\\s+retrying.*dlv_\\w+"),
                    "time, event type, id, status, milliseconds: " + failed);
            String retried = listen.await(l -> l.contains(msg), Duration.ofSeconds(30));
            assertNotNull(retried, "the refused delivery came again: " + listen.lines());
            assertTrue(retried.matches(".*\\s200\\s+\\d+ ms\\s+succeeded.*"), retried);
            assertEquals(2, app.hits.size(), "one refusal, one retry: " + app.hits);
            assertTrue(app.hits.stream().allMatch(App.Hit::verified), "the app verified both for real: " + app.hits);
            assertTrue(app.hits.stream().allMatch(h -> h.webhookId().equals(msg)), "same webhook-id on the retry");
            String dlv = group(retried, "(dlv_\\w+)");
            JsonNode delivery = t.delivery(dlv);
            assertEquals("succeeded", delivery.get("status").asText());
            assertEquals(List.of(500, 200), List.of(delivery.get("attempts").get(0).get("status_code").asInt(),
                    delivery.get("attempts").get(1).get("status_code").asInt()));
            assertEquals("ok", delivery.get("attempts").get(1).get("response_excerpt").asText());

            listen.interrupt();
            listen.waitFor(Duration.ofSeconds(60));
            assertTrue(listen.lines().stream().anyMatch(l -> l.startsWith("Disabled " + endpointId)), listen.lines().toString());
        }
        JsonNode after = t.get("/v1/endpoints/" + endpointId).json();
        assertFalse(after.get("enabled").asBoolean(), "Ctrl-C leaves the endpoint disabled: " + after);
        assertFalse(app.hits.stream().anyMatch(h -> h.type().equals("order.created")), "--events filtered: " + app.hits);

        String waiting = t.publish("invoice.voided", "{}");
        try (CliProcess.Running again = cli.start("listen", "--forward-to", app.url(), "--events", "invoice.*", "--wait", "2",
                "--count", "1")) {
            String ready = again.await(l -> l.startsWith("Ready: "), Duration.ofSeconds(60));
            assertEquals(endpointId, group(ready, "(ep_\\w+)"), "the same endpoint is reused: " + ready);
            assertNotNull(again.await(l -> l.contains(waiting) && l.contains(" 200 "), Duration.ofSeconds(30)),
                    "what was published while it was off comes when listen returns: " + again.lines());
            assertEquals(0, again.waitFor(Duration.ofSeconds(60)), again.stderr());
        }
        assertFalse(t.get("/v1/endpoints/" + endpointId).json().get("enabled").asBoolean(), "--count ends like Ctrl-C");
    }
}
