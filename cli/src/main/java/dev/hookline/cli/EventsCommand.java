package dev.hookline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.hookline.cli.ApiClient.query;
import static dev.hookline.cli.ApiClient.seg;

@Command(name = "events", description = "Publish events and look them up.", footerHeading = "%nExample:%n",
        footer = "  hookline events publish --type invoice.paid --data @invoice.json")
final class EventsCommand extends Group {
    static final List<Output.Column> COLUMNS = List.of(Output.Column.of("ID", "id"), Output.Column.of("TYPE", "type"),
            Output.Column.of("TIMESTAMP", "timestamp"));

    @Command(name = "publish", description = "Publish an event to every subscribed endpoint.", footerHeading = "%nExample:%n",
            footer = {"  hookline events publish --type invoice.paid --data @invoice.json",
                    "  echo '{\"amount\":42}' | hookline events publish --type invoice.paid --data @-",
                    "  hookline events publish --type invoice.paid --data @invoice.json --idempotency-key inv-42"})
    int publish(@Option(names = "--type", required = true, description = "A dotted event type, e.g. invoice.paid.") String type,
                @Option(names = "--data", required = true, description = "The event's data: inline JSON, @file.json or @-.") String data,
                @Option(names = "--id", description = "Your own message id (else msg_…).") String id,
                @Option(names = "--idempotency-key", description = "Publishing again with it answers the first result.") String key) {
        ObjectNode body = ApiClient.JSON.createObjectNode().put("type", type);
        body.set("data", jsonArgument(data, "--data"));
        if (id != null) {
            body.put("id", id);
        }
        Map<String, String> headers = new HashMap<>();
        if (key != null) {
            headers.put("Idempotency-Key", key);
        }
        JsonNode published = api().post("/v1/events", body.toString(), headers);
        if (out().json()) {
            out().printJson(published);
        } else {
            out().line("Published " + published.path("id").asText() + " to " + published.path("deliveries").asInt()
                    + " endpoint(s).");
        }
        return 0;
    }

    @Command(name = "get", description = "An event and its delivery to each endpoint.", footerHeading = "%nExample:%n",
            footer = "  hookline events get msg_01hq3v9x0c8k2m4n6p8r0s2t4v")
    int get(@Parameters(paramLabel = "ID") String id) {
        JsonNode event = api().get("/v1/events/" + seg(id));
        out().object(event);
        if (!out().json()) {
            out().line("");
            out().table(event.path("deliveries"), DeliveriesCommand.COLUMNS);
        }
        return 0;
    }

    @Command(name = "list", description = "Recent events, newest first (without their data).", footerHeading = "%nExample:%n",
            footer = "  hookline events list --limit 50")
    int list(@Option(names = "--limit", defaultValue = "20") int limit,
             @Option(names = "--cursor") String cursor,
             @Option(names = "--all", description = "Every page.") boolean all) {
        out().list(all ? all("/v1/events", 100) : api().get("/v1/events" + query("limit", limit, "cursor", cursor)), COLUMNS);
        return 0;
    }
}
