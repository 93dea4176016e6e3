package dev.hookline.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

import static dev.hookline.cli.ApiClient.query;
import static dev.hookline.cli.ApiClient.seg;

@Command(name = "runs", description = "Pipeline runs started by trigger sources.", footerHeading = "%nExample:%n",
        footer = "  hookline runs list --source src_123 --status queued")
final class RunsCommand extends Group {
    static final List<Output.Column> COLUMNS = List.of(Output.Column.of("ID", "id"), Output.Column.of("SOURCE", "source_id"),
            Output.Column.of("PIPELINE", "pipeline"), Output.Column.of("STATUS", "status"),
            Output.Column.of("RECEIVED", "received_at"));

    @Command(name = "list", description = "Runs, newest first.", footerHeading = "%nExample:%n",
            footer = "  hookline runs list --source src_123")
    int list(@Option(names = "--source", paramLabel = "ID") String source,
             @Option(names = "--status") String status,
             @Option(names = "--limit", defaultValue = "20") int limit,
             @Option(names = "--cursor") String cursor) {
        out().list(api().get("/v1/runs" + query("source_id", source, "status", status, "limit", limit, "cursor", cursor)), COLUMNS);
        return 0;
    }

    @Command(name = "get", description = "One run with its parameters.", footerHeading = "%nExample:%n",
            footer = "  hookline runs get run_01hq3v9x0c8k2m4n6p8r0s2t4v")
    int get(@Parameters(paramLabel = "ID") String id) {
        out().object(api().get("/v1/runs/" + seg(id)));
        return 0;
    }
}
