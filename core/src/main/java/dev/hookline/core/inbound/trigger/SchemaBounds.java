package dev.hookline.core.inbound.trigger;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a trigger schema must be before the validator sees it: small, shallow, and with every {@code $ref} pointing
 * inside itself without a loop that never descends into the value. {@code {"$ref":"#"}} validates the same value
 * against itself forever (a StackOverflowError per call); {@code {"properties":{"child":{"$ref":"#"}}}} is fine,
 * each step goes one level down a value that is itself bounded.
 */
final class SchemaBounds {
    /** Bytes of schema JSON; real parameter schemas are a few hundred. */
    static final int MAX_BYTES = 16 * 1024;
    /** Nesting of the schema document itself. */
    static final int MAX_DEPTH = 32;

    /** Keywords whose value is a subschema applied to a child of the value (a step down). */
    private static final Set<String> DESCENDING_ONE = Set.of("additionalProperties", "items", "contains",
            "propertyNames", "unevaluatedItems", "unevaluatedProperties", "additionalItems");
    private static final Set<String> DESCENDING_MAP = Set.of("properties", "patternProperties");
    private static final Set<String> DESCENDING_LIST = Set.of("prefixItems", "items");
    /** Keywords whose subschemas apply to the same value (no step down). */
    private static final Set<String> SAME_ONE = Set.of("not", "if", "then", "else");
    private static final Set<String> SAME_LIST = Set.of("allOf", "anyOf", "oneOf");
    private static final Set<String> SAME_MAP = Set.of("dependentSchemas", "dependencies");
    /** Definitions: only reached through $ref. */
    private static final Set<String> DEFINITIONS = Set.of("$defs", "definitions");

    private SchemaBounds() {
    }

    /** The problems, as messages; empty when the schema is within bounds. */
    static List<String> problems(JsonNode schema) {
        if (schema.toString().length() > MAX_BYTES) {
            return List.of("must be at most " + MAX_BYTES + " bytes of JSON");
        }
        if (depth(schema, 0) > MAX_DEPTH) {
            return List.of("nests deeper than " + MAX_DEPTH + " levels");
        }
        Map<String, JsonNode> subschemas = new LinkedHashMap<>();
        Map<String, List<String>> same = new HashMap<>();
        List<String> problems = new ArrayList<>();
        walk(schema, "", schema, subschemas, same, problems);
        if (!problems.isEmpty()) {
            return problems;
        }
        String loop = findLoop(subschemas.keySet(), same);
        if (loop != null) {
            return List.of("$ref at '" + (loop.isEmpty() ? "#" : "#" + loop) + "' loops back without descending into the"
                    + " value (as {\"$ref\":\"#\"} does), so it would never finish");
        }
        return List.of();
    }

    private static int depth(JsonNode node, int level) {
        int max = level;
        if (level > MAX_DEPTH) {
            return level;
        }
        for (JsonNode child : node) {
            max = Math.max(max, depth(child, level + 1));
        }
        return max;
    }

    private static void walk(JsonNode node, String at, JsonNode root, Map<String, JsonNode> subschemas,
                             Map<String, List<String>> same, List<String> problems) {
        if (!node.isObject() || subschemas.containsKey(at)) {
            return;
        }
        subschemas.put(at, node);
        List<String> edges = same.computeIfAbsent(at, k -> new ArrayList<>());
        for (String keyword : List.of("$dynamicRef", "$recursiveRef")) {
            if (node.has(keyword)) {
                problems.add("at '#" + at + "': " + keyword + " is not supported; use $ref");
            }
        }
        JsonNode ref = node.get("$ref");
        if (ref != null) {
            String target = resolve(ref, root);
            if (target == null) {
                problems.add("at '#" + at + "': $ref " + (ref.isTextual() ? "'" + ref.textValue() + "'" : ref.toString())
                        + " does not point inside this schema; only references within the schema are allowed, such as '#/$defs/name'");
            } else {
                edges.add(target);
                walk(root.at(JsonPointer.compile(target)), target, root, subschemas, same, problems);
            }
        }
        node.properties().forEach(e -> {
            String key = e.getKey();
            JsonNode value = e.getValue();
            String child = at + "/" + escape(key);
            if (SAME_ONE.contains(key)) {
                edges.add(child);
                walk(value, child, root, subschemas, same, problems);
            } else if (SAME_LIST.contains(key) && value.isArray()) {
                for (int i = 0; i < value.size(); i++) {
                    edges.add(child + "/" + i);
                    walk(value.get(i), child + "/" + i, root, subschemas, same, problems);
                }
            } else if (SAME_MAP.contains(key) && value.isObject()) {
                value.properties().forEach(d -> {
                    edges.add(child + "/" + escape(d.getKey()));
                    walk(d.getValue(), child + "/" + escape(d.getKey()), root, subschemas, same, problems);
                });
            } else if (DESCENDING_LIST.contains(key) && value.isArray()) {
                for (int i = 0; i < value.size(); i++) {
                    walk(value.get(i), child + "/" + i, root, subschemas, same, problems);
                }
            } else if (DESCENDING_ONE.contains(key)) {
                walk(value, child, root, subschemas, same, problems);
            } else if ((DESCENDING_MAP.contains(key) || DEFINITIONS.contains(key)) && value.isObject()) {
                value.properties().forEach(d ->
                        walk(d.getValue(), child + "/" + escape(d.getKey()), root, subschemas, same, problems));
            }
        });
    }

    /** The JSON pointer (without '#') a local $ref names; null if it names anything else or nothing. */
    private static String resolve(JsonNode ref, JsonNode root) {
        if (!ref.isTextual() || !ref.textValue().startsWith("#")) {
            return null;
        }
        String fragment = ref.textValue().substring(1);
        if (!fragment.isEmpty() && !fragment.startsWith("/")) {
            return anchor(root, fragment, "");
        }
        String pointer = java.net.URLDecoder.decode(fragment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        try {
            JsonNode target = root.at(JsonPointer.compile(pointer));
            return target.isObject() || target.isBoolean() ? pointer : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A plain-name fragment resolves to the subschema declaring it as {@code $anchor}. */
    private static String anchor(JsonNode node, String name, String at) {
        if (node.isObject()) {
            if (name.equals(node.path("$anchor").asText(null))) {
                return at;
            }
            for (var e : node.properties()) {
                String found = anchor(e.getValue(), name, at + "/" + escape(e.getKey()));
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = anchor(node.get(i), name, at + "/" + i);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** A subschema on a cycle of same-value edges, or null when there is none (iterative three-colour DFS). */
    private static String findLoop(Set<String> nodes, Map<String, List<String>> same) {
        Map<String, Integer> colour = new HashMap<>();
        for (String start : nodes) {
            if (colour.getOrDefault(start, 0) != 0) {
                continue;
            }
            List<String> stack = new ArrayList<>();
            List<Integer> next = new ArrayList<>();
            stack.add(start);
            next.add(0);
            colour.put(start, 1);
            while (!stack.isEmpty()) {
                String top = stack.getLast();
                List<String> edges = same.getOrDefault(top, List.of());
                int i = next.getLast();
                if (i == edges.size()) {
                    colour.put(top, 2);
                    stack.removeLast();
                    next.removeLast();
                    continue;
                }
                next.set(next.size() - 1, i + 1);
                String to = edges.get(i);
                int c = colour.getOrDefault(to, 0);
                if (c == 1) {
                    return to;
                }
                if (c == 0) {
                    colour.put(to, 1);
                    stack.add(to);
                    next.add(0);
                }
            }
        }
        return null;
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
