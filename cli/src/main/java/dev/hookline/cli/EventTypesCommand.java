package dev.hookline.cli;

import picocli.CommandLine.Command;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "event-types", description = "The event types Hookline itself publishes, to subscribe to by name.",
        footerHeading = "%nExample:%n", footer = "  hookline event-types --json | jq -r '.data[].type'")
final class EventTypesCommand extends Group implements Callable<Integer> {
    static final List<Output.Column> COLUMNS = List.of(Output.Column.of("TYPE", "type"),
            Output.Column.of("DESCRIPTION", "description"));

    @Override
    public Integer call() {
        out().list(root.api().get("/v1/event-types"), COLUMNS);
        return 0;
    }
}
