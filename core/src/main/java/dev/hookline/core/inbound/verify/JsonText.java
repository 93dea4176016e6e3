package dev.hookline.core.inbound.verify;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes a parsed JSON document back as text the way common senders' libraries do (compact, Python's default
 * separators, indented, keys sorted, non-ASCII or slashes escaped), so the signature doctor can tell "the body was
 * re-serialized" from "the body is different". Numbers keep the text they were read with.
 *
 * @param itemSeparator  between members and elements, e.g. {@code ","} or {@code ", "}
 * @param keySeparator   between a key and its value, e.g. {@code ":"} or {@code ": "}
 * @param indent         spaces per level, or 0 for one line
 */
record JsonText(String itemSeparator, String keySeparator, int indent, boolean sortKeys, boolean escapeNonAscii,
                boolean escapeSlash) {

    static final JsonText COMPACT = new JsonText(",", ":", 0, false, false, false);

    JsonText sorted() {
        return new JsonText(itemSeparator, keySeparator, indent, true, escapeNonAscii, escapeSlash);
    }

    JsonText asciiOnly() {
        return new JsonText(itemSeparator, keySeparator, indent, sortKeys, true, escapeSlash);
    }

    JsonText slashesEscaped() {
        return new JsonText(itemSeparator, keySeparator, indent, sortKeys, escapeNonAscii, true);
    }

    String write(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, 0, out);
        return out.toString();
    }

    private void write(JsonNode node, int depth, StringBuilder out) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                members.add(it.next());
            }
            if (sortKeys) {
                members.sort(Map.Entry.comparingByKey());
            }
            container('{', '}', members.size(), depth, out, i -> {
                string(members.get(i).getKey(), out);
                out.append(keySeparator);
                write(members.get(i).getValue(), depth + 1, out);
            });
        } else if (node.isArray()) {
            container('[', ']', node.size(), depth, out, i -> write(node.get(i), depth + 1, out));
        } else if (node.isTextual()) {
            string(node.textValue(), out);
        } else {
            out.append(node.asText()); // numbers: the digits as read (floats are kept as BigDecimal)
        }
    }

    private void container(char open, char close, int size, int depth, StringBuilder out,
                           java.util.function.IntConsumer member) {
        out.append(open);
        if (size == 0) {
            out.append(close);
            return;
        }
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                out.append(indent > 0 ? itemSeparator.strip() : itemSeparator);
            }
            newline(depth + 1, out);
            member.accept(i);
        }
        newline(depth, out);
        out.append(close);
    }

    private void newline(int depth, StringBuilder out) {
        if (indent > 0) {
            out.append('\n').append(" ".repeat(indent * depth));
        }
    }

    private void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '/' -> out.append(escapeSlash ? "\\/" : "/");
                default -> {
                    if (c < 0x20 || (escapeNonAscii && c > 0x7f)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
