package dev.hookline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.hookline.cli.ApiClient.seg;

@Command(name = "listen", description = {"Forward this account's events to an app on this machine, through a pull "
        + "endpoint (no inbound connection, works behind NAT).",
        "Creates or reuses the pull endpoint of this user and host, prints its signing secret, forwards each delivery "
                + "with its headers as signed (your app verifies for real) and acknowledges with your app's answer "
                + "(a failing app gets real retries). Ctrl-C disables the endpoint; deliveries then wait for the next listen."},
        footerHeading = "%nExample:%n", footer = {"  hookline listen --forward-to http://localhost:8080/hooks",
        "  hookline listen --forward-to http://localhost:8080/hooks --events 'invoice.*'"})
final class ListenCommand extends Group implements Callable<Integer> {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    /** Headers the JDK sets itself; the rest of what Hookline signed is forwarded as is. */
    private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "te");
    private static final int EXCERPT_BYTES = 4096;

    @Option(names = "--forward-to", required = true, paramLabel = "URL", description = "Your app's webhook URL.")
    String forwardTo;

    @Option(names = "--events", split = ",", description = "Event type patterns to receive (default: all).")
    List<String> events;

    @Option(names = "--name", description = "Names the endpoint (default: user@host), to keep one per machine and user.")
    String name;

    @Option(names = "--max", defaultValue = "10", description = "Deliveries per pull (1-100).")
    int max;

    @Option(names = "--wait", defaultValue = "20", paramLabel = "SECONDS", description = "Long-poll wait (0-20).")
    int wait;

    @Option(names = "--visibility", defaultValue = "60", paramLabel = "SECONDS",
            description = "How long a pulled delivery is yours to acknowledge (5-900).")
    int visibility;

    @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS", description = "How long your app may take.")
    int timeout;

    @Option(names = "--count", description = "Stop (and disable the endpoint) after this many deliveries.")
    Integer count;

    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean disabled = new AtomicBoolean();

    @Override
    public Integer call() throws InterruptedException {
        URI target = target();
        ApiClient api = api();
        String label = "hookline listen " + (name != null ? name : whoAmI());
        JsonNode endpoint = findOrCreate(api, label);
        String id = endpoint.path("id").asText();
        String secret = endpoint.hasNonNull("secret") ? endpoint.get("secret").asText()
                : api.get("/v1/endpoints/" + seg(id) + "/secret").path("secret").asText();
        var out = terminal().out();
        out.println("Ready: " + id + " (\"" + label + "\") forwards to " + target);
        out.println("Signing secret: " + secret + "  (your app verifies with it)");
        out.println("Events: " + (events == null || events.isEmpty() ? "all" : String.join(", ", split(events))));
        out.println("Ctrl-C to stop; the endpoint is disabled on exit.");
        out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            disable(api, id);
        }, "hookline-listen-stop"));

        HttpClient app = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        int handled = 0;
        int backoff = 1;
        while (!stopping.get()) {
            JsonNode batch;
            try {
                batch = api.get("/v1/endpoints/" + seg(id) + "/pull?max=" + max + "&wait_s=" + wait
                        + "&visibility_s=" + visibility, Duration.ofSeconds(wait + 20L));
                backoff = 1;
            } catch (CliException failed) {
                if (stopping.get()) {
                    break;
                }
                if (failed.getMessage().startsWith("Cannot reach") || failed.getMessage().startsWith("No answer")) {
                    terminal().err().println(LocalTime.now().format(CLOCK) + "  " + failed.getMessage()
                            + " Trying again in " + backoff + " s.");
                    Thread.sleep(backoff * 1000L);
                    backoff = Math.min(backoff * 2, 30);
                    continue;
                }
                throw failed;
            }
            for (JsonNode delivery : batch.path("data")) {
                forward(api, app, target, delivery);
                if (count != null && ++handled >= count) {
                    disable(api, id);
                    return 0;
                }
            }
        }
        return 0;
    }

    private void forward(ApiClient api, HttpClient app, URI target, JsonNode d) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(timeout))
                .POST(HttpRequest.BodyPublishers.ofString(d.path("body").asText(), StandardCharsets.UTF_8));
        d.path("headers").properties().forEach(h -> {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
                request.header(h.getKey(), h.getValue().asText());
            }
        });
        ObjectNode ack = ApiClient.JSON.createObjectNode().put("lease_id", d.path("lease_id").asText());
        long start = System.nanoTime();
        String shown;
        try {
            HttpResponse<InputStream> response = app.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] excerpt;
            try (InputStream body = response.body()) {
                excerpt = body.readNBytes(EXCERPT_BYTES);
            }
            ack.put("status_code", response.statusCode()).put("response_excerpt", new String(excerpt, StandardCharsets.UTF_8));
            shown = Integer.toString(response.statusCode());
        } catch (HttpTimeoutException e) {
            ack.put("error", "timeout");
            shown = "timeout";
        } catch (ConnectException e) {
            ack.put("error", "connect_error");
            shown = "refused";
        } catch (IOException e) {
            ack.put("error", "connect_error");
            shown = "error";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // stopping: the lease ends unacknowledged and the delivery waits for the next listen
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        ack.put("latency_ms", ms);
        String after;
        try {
            JsonNode state = api.post("/v1/deliveries/" + seg(d.path("delivery_id").asText()) + "/ack", ack);
            after = state.path("status").asText() + (state.hasNonNull("next_attempt_at")
                    ? " (next " + LocalTime.ofInstant(Instant.parse(state.get("next_attempt_at").asText()),
                    ZoneId.systemDefault()).format(CLOCK) + ")" : "");
        } catch (CliException refused) {
            after = "not acknowledged: " + refused.getMessage();
        }
        terminal().out().printf("%s  %-24s %s  %-7s %5d ms  %s  %s%n", LocalTime.now().format(CLOCK),
                d.path("event_type").asText(), d.path("message_id").asText(), shown, ms, after, d.path("delivery_id").asText());
        terminal().out().flush();
    }

    /** The pull endpoint named for this user and host, enabled with the requested events; created on first use. */
    private JsonNode findOrCreate(ApiClient api, String label) {
        List<String> types = events == null ? List.of() : split(events);
        for (JsonNode e : all("/v1/endpoints", 100).path("data")) {
            if ("pull".equals(e.path("delivery").asText()) && label.equals(e.path("description").asText())) {
                ObjectNode patch = ApiClient.JSON.createObjectNode().put("enabled", true);
                patch.set("event_types", ApiClient.JSON.valueToTree(types));
                return api.patch("/v1/endpoints/" + seg(e.path("id").asText()), patch);
            }
        }
        ObjectNode create = ApiClient.JSON.createObjectNode().put("delivery", "pull").put("description", label);
        create.set("event_types", ApiClient.JSON.valueToTree(types));
        return api.post("/v1/endpoints", create);
    }

    private void disable(ApiClient api, String id) {
        if (!disabled.compareAndSet(false, true)) {
            return;
        }
        try {
            api.post("/v1/endpoints/" + seg(id) + "/disable", null);
            terminal().out().println("Disabled " + id + "; its deliveries wait until you listen again.");
        } catch (CliException e) {
            terminal().err().println("Could not disable " + id + ": " + e.getMessage());
        }
        terminal().out().flush();
    }

    private URI target() {
        try {
            URI uri = URI.create(forwardTo);
            if (uri.getScheme() != null && uri.getScheme().matches("https?") && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException ignored) {
            // answered below
        }
        throw CliException.usage("--forward-to must be an http(s) URL, e.g. http://localhost:8080/hooks");
    }

    private String whoAmI() {
        Map<String, String> env = terminal().env();
        String user = env.getOrDefault("USER", System.getProperty("user.name", "someone"));
        String host = env.get("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "localhost";
            }
        }
        return user + "@" + host;
    }
}
