package dev.hookline.local.streams;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Lambda's event filtering (the EventBridge pattern syntax) for the subset a template may use here: nested
 * objects, lists of literal values (any one matches), and the operators {@code exists}, {@code prefix} and
 * {@code anything-but}. A record passes if any pattern matches it. An operator outside the subset fails when
 * the platform starts, so a filter is never silently read as something else.
 */
public final class EventFilter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JsonNode> patterns;

    private EventFilter(List<JsonNode> patterns) {
        this.patterns = patterns;
    }

    /** No patterns: everything passes. */
    public static EventFilter of(List<String> patterns) {
        List<JsonNode> parsed = patterns.stream().map(EventFilter::parse).toList();
        parsed.forEach(p -> check(p, "Pattern"));
        return new EventFilter(parsed);
    }

    public boolean matches(JsonNode record) {
        return patterns.isEmpty() || patterns.stream().anyMatch(p -> matchesObject(p, record));
    }

    private static JsonNode parse(String pattern) {
        try {
            JsonNode node = JSON.readTree(pattern);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("A filter pattern is a JSON object: " + pattern);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("A filter pattern is not JSON: " + pattern, e);
        }
    }

    private static void check(JsonNode pattern, String where) {
        for (Iterator<Map.Entry<String, JsonNode>> it = pattern.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            String at = where + "." + field.getKey();
            if (value.isObject()) {
                check(value, at);
            } else if (value.isArray()) {
                for (JsonNode option : value) {
                    if (option.isObject()) {
                        String op = option.fieldNames().hasNext() ? option.fieldNames().next() : "";
                        if (!List.of("exists", "prefix", "anything-but").contains(op) || option.size() != 1) {
                            throw new IllegalArgumentException(at + ": the local platform does not run the filter"
                                    + " operator " + option + " (it runs literals, exists, prefix, anything-but)");
                        }
                    }
                }
            } else {
                throw new IllegalArgumentException(at + ": a pattern's leaves are lists of values, got " + value);
            }
        }
    }

    private static boolean matchesObject(JsonNode pattern, JsonNode event) {
        for (Iterator<Map.Entry<String, JsonNode>> it = pattern.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = event == null ? null : event.get(field.getKey());
            JsonNode expected = field.getValue();
            boolean ok = expected.isObject()
                    ? value != null && value.isObject() && matchesObject(expected, value)
                    : matchesLeaf(expected, value);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A list of options; an event array matches if any of its elements does. */
    private static boolean matchesLeaf(JsonNode options, JsonNode value) {
        for (JsonNode option : options) {
            if (option.isObject() && option.has("exists")) {
                if (option.get("exists").asBoolean() == (value != null && !value.isNull())) {
                    return true;
                }
                continue;
            }
            if (value == null) {
                continue;
            }
            if (value.isArray()) {
                for (JsonNode element : value) {
                    if (matchesOne(option, element)) {
                        return true;
                    }
                }
            } else if (matchesOne(option, value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesOne(JsonNode option, JsonNode value) {
        if (option.isObject() && option.has("prefix")) {
            return value.isTextual() && value.asText().startsWith(option.get("prefix").asText());
        }
        if (option.isObject() && option.has("anything-but")) {
            JsonNode excluded = option.get("anything-but");
            if (excluded.isArray()) {
                for (JsonNode e : excluded) {
                    if (literal(e, value)) {
                        return false;
                    }
                }
                return true;
            }
            return !literal(excluded, value);
        }
        return literal(option, value);
    }

    private static boolean literal(JsonNode option, JsonNode value) {
        if (option.isNumber() && value.isNumber()) {
            return option.decimalValue().compareTo(value.decimalValue()) == 0;
        }
        return option.equals(value);
    }
}
