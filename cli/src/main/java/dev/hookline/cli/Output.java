package dev.hookline.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Human tables by default, the API's JSON as is with {@code --json} (for scripts and jq). */
public final class Output {
    /** One column of a table: its header and how a row shows in it. */
    public record Column(String header, Function<JsonNode, String> value) {
        public static Column of(String header, String field) {
            return new Column(header, row -> text(row.get(field)));
        }
    }

    private final PrintStream out;
    private final boolean json;

    public Output(PrintStream out, boolean json) {
        this.out = out;
        this.json = json;
    }

    public boolean json() {
        return json;
    }

    public PrintStream stream() {
        return out;
    }

    /** The whole answer as JSON, or its {@code data} as a table. */
    public void list(JsonNode page, List<Column> columns) {
        if (json) {
            printJson(page);
            return;
        }
        JsonNode rows = page.has("data") ? page.get("data") : page;
        table(rows, columns);
        if (page.hasNonNull("next_cursor")) {
            out.println("(more: --cursor " + page.get("next_cursor").asText() + ")");
        }
    }

    public void table(JsonNode rows, List<Column> columns) {
        List<String[]> cells = new ArrayList<>();
        cells.add(columns.stream().map(Column::header).toArray(String[]::new));
        rows.forEach(row -> cells.add(columns.stream().map(c -> c.value().apply(row)).map(v -> v == null ? "-" : v)
                .toArray(String[]::new)));
        if (cells.size() == 1) {
            out.println("(none)");
            return;
        }
        int[] widths = new int[columns.size()];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** One resource: its JSON, or a field-per-line view. */
    public void object(JsonNode node) {
        if (json) {
            printJson(node);
            return;
        }
        int width = 0;
        for (var it = node.fieldNames(); it.hasNext(); ) {
            width = Math.max(width, it.next().length());
        }
        int w = width;
        node.properties().forEach(e -> {
            JsonNode v = e.getValue();
            if (v.isArray() && !v.isEmpty() && v.get(0).isObject()) {
                return; // nested lists are shown as their own table
            }
            out.println(String.format("%-" + w + "s  %s", e.getKey(), v.isValueNode() ? text(v) : v.toString()));
        });
    }

    public void printJson(JsonNode node) {
        try {
            out.println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (Exception e) {
            out.println(node);
        }
    }

    public void line(String text) {
        if (!json) {
            out.println(text);
        }
    }

    public static String text(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(x -> parts.add(x.asText()));
            return parts.isEmpty() ? "*" : String.join(",", parts);
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }
}
