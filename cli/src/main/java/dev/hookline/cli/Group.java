package dev.hookline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.List;

/** What every command group shares: the API of the chosen profile, the output, and reading JSON arguments. */
abstract class Group {
    @ParentCommand
    Hookline root;

    ApiClient api() {
        return root.api();
    }

    Output out() {
        return root.output();
    }

    Terminal terminal() {
        return root.terminal;
    }

    /** {@code @file.json}, {@code @-} (stdin) or inline JSON text. */
    JsonNode jsonArgument(String value, String option) {
        String text = textArgument(value);
        try {
            JsonNode node = ApiClient.JSON.readTree(text);
            if (node == null) {
                throw CliException.usage(option + " is empty.");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw CliException.usage(option + " is not JSON: " + e.getOriginalMessage());
        }
    }

    String textArgument(String value) {
        if (value.startsWith("@")) {
            try {
                return value.equals("@-") ? new String(terminal().in().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                        : Files.readString(terminal().resolve(value.substring(1)));
            } catch (NoSuchFileException e) {
                throw CliException.usage("No file " + value.substring(1) + ".");
            } catch (IOException e) {
                throw CliException.usage("Cannot read " + value.substring(1) + ": " + e.getMessage());
            }
        }
        return value;
    }

    /** Every page of a list route, merged into one {@code {"data": [...]}}. */
    JsonNode all(String path, int pageSize) {
        ObjectNode merged = ApiClient.JSON.createObjectNode();
        ArrayNode data = merged.putArray("data");
        String cursor = null;
        for (int pages = 0; pages < 1000; pages++) {
            JsonNode page = api().get(path + (path.contains("?") ? "&" : "?") + "limit=" + pageSize
                    + (cursor == null ? "" : "&cursor=" + ApiClient.seg(cursor)));
            page.path("data").forEach(data::add);
            cursor = page.path("next_cursor").asText(null);
            if (cursor == null || page.path("data").isEmpty()) {
                break;
            }
        }
        merged.putNull("next_cursor");
        return merged;
    }

    static List<String> split(List<String> values) {
        return values == null ? null : values.stream().flatMap(v -> java.util.Arrays.stream(v.split(",")))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
