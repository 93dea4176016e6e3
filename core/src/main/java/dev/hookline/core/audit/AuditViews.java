package dev.hookline.core.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.crypto.Tokens;

/**
 * What the audit log compares of each target: the settings a tenant manages, in their wire names. Secret material
 * appears only as a {@link #digest} of its sealed or hashed form (enough to tell that it changed) under a name that
 * {@link AuditDiff} redacts, so neither a secret nor its ciphertext can reach the log. Health and counters are not
 * management state and are left out. A target with settings of its own keeps its view beside it
 * ({@code EndpointAuditView}, {@code SourceAuditView}): the audit log records every domain, so it depends on none.
 */
public final class AuditViews {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditViews() {
    }

    /** A named thing with nothing else to compare (tenants, API keys). */
    public static ObjectNode named(String name) {
        return JSON.createObjectNode().put("name", name);
    }

    /** Parameters of an action that changes no settings (retry, recover, redrive). */
    public static ObjectNode of(String field, String value) {
        return JSON.createObjectNode().put(field, value);
    }

    /** Tells a change of secret material without the material: a digest of its sealed or hashed form. */
    public static String digest(String value) {
        return value == null ? null : Tokens.sha256Hex("audit\n" + value);
    }
}
