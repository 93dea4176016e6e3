package dev.hookline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

import static dev.hookline.cli.ApiClient.query;
import static dev.hookline.cli.ApiClient.seg;

@Command(name = "dead-letters", description = "Deliveries that gave up after their last attempt: list and send again.",
        footerHeading = "%nExample:%n", footer = "  hookline dead-letters list --endpoint ep_123")
final class DeadLettersCommand extends Group {
    static final List<Output.Column> COLUMNS = List.of(Output.Column.of("DELIVERY", "delivery_id"),
            Output.Column.of("MESSAGE", "message_id"), Output.Column.of("EVENT", "event_type"),
            Output.Column.of("ATTEMPTS", "attempts"), Output.Column.of("REASON", "reason"),
            Output.Column.of("DEAD_LETTERED_AT", "dead_lettered_at"));

    @Command(name = "list", description = "An endpoint's dead letters, newest first.", footerHeading = "%nExample:%n",
            footer = "  hookline dead-letters list --endpoint ep_123")
    int list(@Option(names = "--endpoint", required = true, paramLabel = "ID") String endpoint,
             @Option(names = "--limit", defaultValue = "20") int limit,
             @Option(names = "--cursor") String cursor) {
        out().list(api().get("/v1/endpoints/" + seg(endpoint) + "/dead-letters" + query("limit", limit, "cursor", cursor)), COLUMNS);
        return 0;
    }

    @Command(name = "redrive", description = "Send every dead letter of an endpoint again.", footerHeading = "%nExample:%n",
            footer = "  hookline dead-letters redrive --endpoint ep_123")
    int redrive(@Option(names = "--endpoint", required = true, paramLabel = "ID") String endpoint) {
        JsonNode r = api().post("/v1/endpoints/" + seg(endpoint) + "/dead-letters/redrive", null);
        if (out().json()) {
            out().printJson(r);
        } else {
            out().line("Requeued " + r.path("requeued").asInt() + " dead letter(s) of " + endpoint + ".");
        }
        return 0;
    }
}
