package dev.hookline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Map;

import static dev.hookline.cli.ApiClient.query;
import static dev.hookline.cli.ApiClient.seg;

@Command(name = "endpoints", description = "Where a tenant's events are delivered: push endpoints (a URL) or pull endpoints.",
        footerHeading = "%nExample:%n", footer = "  hookline endpoints create --url https://example.com/hooks --events 'invoice.*'")
final class EndpointsCommand extends Group {
    static final List<Output.Column> COLUMNS = List.of(
            Output.Column.of("ID", "id"), Output.Column.of("DELIVERY", "delivery"),
            new Output.Column("URL", e -> e.hasNonNull("url") ? e.get("url").asText() : "(pulls)"),
            Output.Column.of("EVENTS", "event_types"), Output.Column.of("ENABLED", "enabled"),
            new Output.Column("HEALTH", e -> Output.text(e.path("health").get("state"))),
            Output.Column.of("DESCRIPTION", "description"));

    @Command(name = "list", description = "List endpoints.", footerHeading = "%nExample:%n",
            footer = "  hookline endpoints list --json | jq -r '.data[].id'")
    int list(@Option(names = "--limit", defaultValue = "20", description = "Page size (1-100).") int limit,
             @Option(names = "--cursor", description = "The next_cursor of the previous page.") String cursor,
             @Option(names = "--all", description = "Every page.") boolean all) {
        out().list(all ? all("/v1/endpoints", 100) : api().get("/v1/endpoints" + query("limit", limit, "cursor", cursor)), COLUMNS);
        return 0;
    }

    @Command(name = "get", description = "Show one endpoint.", footerHeading = "%nExample:%n",
            footer = "  hookline endpoints get ep_01hq3v9x0c8k2m4n6p8r0s2t4v")
    int get(@Parameters(paramLabel = "ID") String id) {
        out().object(api().get("/v1/endpoints/" + seg(id)));
        return 0;
    }

    @Command(name = "create", description = "Create an endpoint; its signing secret is printed once.",
            footerHeading = "%nExample:%n", footer = {"  hookline endpoints create --url https://example.com/hooks --events 'invoice.*,run.failed'",
            "  hookline endpoints create --pull --description 'worker behind NAT'",
            "  hookline endpoints create --data @endpoint.json"})
    int create(@Option(names = "--url", description = "Where deliveries are pushed.") String url,
               @Option(names = "--pull", description = "A pull endpoint: nothing is pushed, the receiver pulls.") boolean pull,
               @Option(names = "--description") String description,
               @Option(names = "--events", split = ",", description = "Event type patterns (default: all).") List<String> events,
               @Option(names = "--header", description = "A custom header to send, NAME=VALUE (repeatable).") Map<String, String> headers,
               @Option(names = "--disabled", description = "Create it disabled.") boolean disabled,
               @Option(names = "--asymmetric", description = "Also sign with Ed25519 (v1a).") boolean asymmetric,
               @Option(names = "--timeout-ms", description = "Per-attempt timeout, 1000-30000.") Integer timeoutMs,
               @Option(names = "--data", description = "The whole request as JSON: inline, @file.json or @- (stdin).") String data) {
        ObjectNode body = data != null ? (ObjectNode) jsonArgument(data, "--data") : ApiClient.JSON.createObjectNode();
        if (data == null && url == null && !pull) {
            throw CliException.usage("Give --url (push), --pull, or --data.");
        }
        putIf(body, "url", url);
        if (pull) {
            body.put("delivery", "pull");
        }
        putIf(body, "description", description);
        if (events != null) {
            body.set("event_types", ApiClient.JSON.valueToTree(split(events)));
        }
        if (headers != null) {
            body.set("headers", ApiClient.JSON.valueToTree(headers));
        }
        if (disabled) {
            body.put("enabled", false);
        }
        if (asymmetric) {
            body.putObject("signing").put("asymmetric", true);
        }
        if (timeoutMs != null) {
            body.put("timeout_ms", timeoutMs);
        }
        JsonNode created = api().post("/v1/endpoints", body);
        out().object(created);
        out().line("");
        out().line("Created " + created.path("id").asText() + ". Signing secret (shown once): " + created.path("secret").asText());
        return 0;
    }

    @Command(name = "update", description = "Change an endpoint; only what is given changes.", footerHeading = "%nExample:%n",
            footer = "  hookline endpoints update ep_123 --events 'invoice.*' --description billing")
    int update(@Parameters(paramLabel = "ID") String id,
               @Option(names = "--url") String url,
               @Option(names = "--description") String description,
               @Option(names = "--events", split = ",") List<String> events,
               @Option(names = "--header", description = "NAME=VALUE; replaces all custom headers.") Map<String, String> headers,
               @Option(names = "--timeout-ms") Integer timeoutMs,
               @Option(names = "--data", description = "The patch as JSON: inline, @file.json or @-.") String data) {
        ObjectNode body = data != null ? (ObjectNode) jsonArgument(data, "--data") : ApiClient.JSON.createObjectNode();
        putIf(body, "url", url);
        putIf(body, "description", description);
        if (events != null) {
            body.set("event_types", ApiClient.JSON.valueToTree(split(events)));
        }
        if (headers != null) {
            body.set("headers", ApiClient.JSON.valueToTree(headers));
        }
        if (timeoutMs != null) {
            body.put("timeout_ms", timeoutMs);
        }
        if (body.isEmpty()) {
            throw CliException.usage("Nothing to change: give at least one option.");
        }
        out().object(api().patch("/v1/endpoints/" + seg(id), body));
        return 0;
    }

    @Command(name = "enable", description = "Enable an endpoint (what waited while it was disabled is sent).",
            footerHeading = "%nExample:%n", footer = "  hookline endpoints enable ep_123")
    int enable(@Parameters(paramLabel = "ID") String id) {
        return state(api().post("/v1/endpoints/" + seg(id) + "/enable", null));
    }

    @Command(name = "disable", description = "Disable an endpoint (deliveries wait, parked).",
            footerHeading = "%nExample:%n", footer = "  hookline endpoints disable ep_123")
    int disable(@Parameters(paramLabel = "ID") String id) {
        return state(api().post("/v1/endpoints/" + seg(id) + "/disable", null));
    }

    private int state(JsonNode endpoint) {
        if (out().json()) {
            out().printJson(endpoint);
        } else {
            out().line(endpoint.path("id").asText() + " is " + (endpoint.path("enabled").asBoolean() ? "enabled" : "disabled") + ".");
        }
        return 0;
    }

    @Command(name = "delete", description = "Delete an endpoint and its delivery history.", footerHeading = "%nExample:%n",
            footer = "  hookline endpoints delete ep_123")
    int delete(@Parameters(paramLabel = "ID") String id) {
        api().delete("/v1/endpoints/" + seg(id));
        out().line("Deleted " + id + ".");
        return 0;
    }

    @Command(name = "rotate-secret", description = "New signing secret; the old one keeps signing during the grace period.",
            footerHeading = "%nExample:%n", footer = "  hookline endpoints rotate-secret ep_123 --grace 3600")
    int rotateSecret(@Parameters(paramLabel = "ID") String id,
                     @Option(names = "--grace", description = "Seconds the old secret keeps signing (default 86400).") Long grace) {
        ObjectNode body = ApiClient.JSON.createObjectNode();
        if (grace != null) {
            body.put("grace_s", grace);
        }
        JsonNode rotated = api().post("/v1/endpoints/" + seg(id) + "/secret/rotate", body);
        if (out().json()) {
            out().printJson(rotated);
        } else {
            out().line("New signing secret of " + id + " (shown once): " + rotated.path("secret").asText());
        }
        return 0;
    }

    @Command(name = "secret", description = "Show an endpoint's current signing secret.", footerHeading = "%nExample:%n",
            footer = "  hookline endpoints secret ep_123")
    int secret(@Parameters(paramLabel = "ID") String id) {
        JsonNode s = api().get("/v1/endpoints/" + seg(id) + "/secret");
        if (out().json()) {
            out().printJson(s);
        } else {
            out().line(s.path("secret").asText());
        }
        return 0;
    }

    @Command(name = "stats", description = "Delivery statistics over a window.", footerHeading = "%nExample:%n",
            footer = "  hookline endpoints stats ep_123 --window 1h")
    int stats(@Parameters(paramLabel = "ID") String id,
              @Option(names = "--window", defaultValue = "24h", description = "1h, 24h or 7d.") String window) {
        out().object(api().get("/v1/endpoints/" + seg(id) + "/stats" + query("window", window)));
        return 0;
    }

    @Command(name = "test", description = "Send a webhook.test event now and show the attempt.", footerHeading = "%nExample:%n",
            footer = "  hookline endpoints test ep_123")
    int test(@Parameters(paramLabel = "ID") String id) {
        out().object(api().post("/v1/endpoints/" + seg(id) + "/test", null));
        return 0;
    }

    private static void putIf(ObjectNode body, String field, String value) {
        if (value != null) {
            body.put(field, value);
        }
    }
}
