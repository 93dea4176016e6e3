package dev.hookline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.hookline.cli.ApiClient.query;
import static dev.hookline.cli.ApiClient.seg;

@Command(name = "deliveries", description = "Deliveries of events to endpoints: list, inspect, retry, follow live.",
        footerHeading = "%nExample:%n", footer = "  hookline deliveries tail")
final class DeliveriesCommand extends Group {
    static final List<Output.Column> COLUMNS = List.of(Output.Column.of("ID", "id"), Output.Column.of("ENDPOINT", "endpoint_id"),
            Output.Column.of("EVENT", "event_type"), Output.Column.of("STATUS", "status"),
            Output.Column.of("ATTEMPTS", "attempt_count"), Output.Column.of("NEXT", "next_attempt_at"),
            Output.Column.of("CREATED", "created_at"));
    static final List<Output.Column> ATTEMPTS = List.of(Output.Column.of("N", "n"), Output.Column.of("AT", "at"),
            Output.Column.of("STATUS", "status_code"), Output.Column.of("MS", "latency_ms"),
            Output.Column.of("OUTCOME", "outcome"), Output.Column.of("ERROR", "error"));
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    @Command(name = "list", description = "An endpoint's deliveries, newest first.", footerHeading = "%nExample:%n",
            footer = "  hookline deliveries list --endpoint ep_123 --status failed")
    int list(@Option(names = "--endpoint", required = true, paramLabel = "ID") String endpoint,
             @Option(names = "--status", description = "pending, retrying, succeeded, failed or dead_lettered.") String status,
             @Option(names = "--limit", defaultValue = "20") int limit,
             @Option(names = "--cursor") String cursor) {
        out().list(api().get("/v1/endpoints/" + seg(endpoint) + "/deliveries"
                + query("status", status, "limit", limit, "cursor", cursor)), COLUMNS);
        return 0;
    }

    @Command(name = "get", description = "A delivery with every attempt.", footerHeading = "%nExample:%n",
            footer = "  hookline deliveries get dlv_01hq3v9x0c8k2m4n6p8r0s2t4v")
    int get(@Parameters(paramLabel = "ID") String id) {
        JsonNode d = api().get("/v1/deliveries/" + seg(id));
        out().object(d);
        if (!out().json()) {
            out().line("");
            out().table(d.path("attempts"), ATTEMPTS);
        }
        return 0;
    }

    @Command(name = "retry", description = "Attempt a delivery again now, whatever its state.", footerHeading = "%nExample:%n",
            footer = "  hookline deliveries retry dlv_123")
    int retry(@Parameters(paramLabel = "ID") String id) {
        JsonNode d = api().post("/v1/deliveries/" + seg(id) + "/retry", null);
        if (out().json()) {
            out().printJson(d);
        } else {
            out().line("Queued " + id + " (" + d.path("status").asText() + ").");
        }
        return 0;
    }

    @Command(name = "tail", description = "Follow deliveries live: a line whenever one is created or changes state.",
            footerHeading = "%nExample:%n", footer = {"  hookline deliveries tail", "  hookline deliveries tail --endpoint ep_123 --count 10"})
    int tail(@Option(names = "--endpoint", paramLabel = "ID", description = "Only this endpoint (default: all).") String endpoint,
             @Option(names = "--interval", defaultValue = "1000", description = "Milliseconds between looks.") long interval,
             @Option(names = "--count", description = "Stop after this many lines.") Integer count) throws InterruptedException {
        ApiClient api = api();
        Map<String, String> seen = new HashMap<>();
        boolean first = true;
        int printed = 0;
        List<String> endpoints = List.of();
        for (long round = 0; ; round++) {
            if (round % 10 == 0) {
                endpoints = endpoint != null ? List.of(endpoint) : ids(all("/v1/endpoints", 100));
            }
            for (String ep : endpoints) {
                JsonNode page;
                try {
                    page = api.get("/v1/endpoints/" + seg(ep) + "/deliveries?limit=20");
                } catch (CliException gone) {
                    if (endpoint != null) {
                        throw gone;
                    }
                    continue; // deleted meanwhile
                }
                List<JsonNode> rows = new ArrayList<>();
                page.path("data").forEach(rows::add);
                for (JsonNode d : rows.reversed()) {
                    String state = d.path("status").asText() + "/" + d.path("attempt_count").asInt();
                    String before = seen.put(d.path("id").asText(), state);
                    if (first || state.equals(before)) {
                        continue;
                    }
                    if (out().json()) {
                        out().stream().println(d);
                    } else {
                        out().stream().printf("%s  %s  %-24s %s  %-13s attempts %d%n", LocalTime.now().format(CLOCK),
                                d.path("endpoint_id").asText(), d.path("event_type").asText(), d.path("id").asText(),
                                d.path("status").asText(), d.path("attempt_count").asInt());
                    }
                    if (count != null && ++printed >= count) {
                        return 0;
                    }
                }
            }
            if (first) {
                out().line("Following deliveries" + (endpoint == null ? " of " + endpoints.size() + " endpoint(s)" : " of " + endpoint)
                        + "; Ctrl-C to stop.");
                first = false;
            }
            Thread.sleep(interval);
        }
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("data").forEach(e -> ids.add(e.path("id").asText()));
        return ids;
    }
}
