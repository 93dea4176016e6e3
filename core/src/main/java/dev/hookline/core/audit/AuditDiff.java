package dev.hookline.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The changed top-level fields between two views of a target, with secrets replaced by {@link #REDACTED}.
 *
 * <p>Values are compared in the clear (so a rotated secret still shows as changed) and redacted when written out.
 * Redaction is by field name, at any depth: anything named like a secret, token, password, private key,
 * certificate, credential, signature or {@code *_key}; and every value of a {@code headers} object (custom
 * headers are where receivers' API keys live). A view never needs to think about it: an un-redactable field is
 * simply not named like one.
 */
public final class AuditDiff {
    public static final String REDACTED = "[redacted]";

    private static final Pattern SENSITIVE = Pattern.compile(
            ".*(secret|token|password|passphrase|private|certificate|credential|authorization|signature|signing).*"
                    + "|(.*_)?key");
    private static final java.util.Set<String> VALUES_REDACTED = java.util.Set.of("headers");

    private AuditDiff() {
    }

    /** Every field whose value differs (absent and null are the same); both views may be null (create, delete). */
    public static List<AuditChange> between(ObjectNode before, ObjectNode after) {
        TreeSet<String> names = new TreeSet<>();
        if (before != null) {
            before.fieldNames().forEachRemaining(names::add);
        }
        if (after != null) {
            after.fieldNames().forEachRemaining(names::add);
        }
        List<AuditChange> changes = new ArrayList<>();
        for (String name : names) {
            JsonNode b = present(before, name);
            JsonNode a = present(after, name);
            if (b == null ? a != null : !b.equals(a)) {
                changes.add(new AuditChange(name, redact(name, b), redact(name, a)));
            }
        }
        return changes;
    }

    /** The value as the audit log may show it under {@code name}. */
    public static JsonNode redact(String name, JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (isSensitive(name)) {
            return TextNode.valueOf(REDACTED);
        }
        if (value.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            boolean allValues = VALUES_REDACTED.contains(name.toLowerCase(Locale.ROOT));
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                out.set(f.getKey(), allValues ? TextNode.valueOf(REDACTED) : redact(f.getKey(), f.getValue()));
            }
            return out;
        }
        if (value.isArray()) {
            var out = JsonNodeFactory.instance.arrayNode();
            value.forEach(v -> out.add(redact(name, v)));
            return out;
        }
        return value;
    }

    static boolean isSensitive(String name) {
        return SENSITIVE.matcher(name.toLowerCase(Locale.ROOT).replace('-', '_')).matches();
    }

    private static JsonNode present(ObjectNode view, String name) {
        if (view == null) {
            return null;
        }
        JsonNode v = view.get(name);
        return v == null || v.isNull() ? null : v;
    }
}
