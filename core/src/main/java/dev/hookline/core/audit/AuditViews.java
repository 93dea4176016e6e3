package dev.hookline.core.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.crypto.Tokens;
import dev.hookline.core.endpoint.Endpoint;
import dev.hookline.core.inbound.source.Source;

/**
 * What the audit log compares of each target: the settings a tenant manages, in their wire names. Secret material
 * appears only as a digest of its sealed or hashed form (enough to tell that it changed) under a name that
 * {@link AuditDiff} redacts, so neither a secret nor its ciphertext can reach the log. Health and counters are not
 * management state and are left out.
 */
public final class AuditViews {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditViews() {
    }

    public static ObjectNode endpoint(Endpoint e) {
        ObjectNode v = JSON.createObjectNode();
        v.put("url", e.url());
        v.put("description", e.description());
        v.set("event_types", JSON.valueToTree(e.eventTypes()));
        v.put("enabled", e.enabled());
        v.put("disabled_reason", e.disabledReason());
        v.set("headers", JSON.valueToTree(e.headers()));
        v.set("retry", JSON.createObjectNode().put("initial_backoff_s", e.retry().initialBackoff().toSeconds())
                .put("multiplier", e.retry().multiplier()).put("max_attempts", e.retry().maxAttempts())
                .put("max_backoff_s", e.retry().maxBackoff().toSeconds()));
        v.put("timeout_ms", e.timeout().toMillis());
        var b = e.breaker();
        v.set("breaker", JSON.createObjectNode().put("consecutive_failures_to_open", b.consecutiveFailuresToOpen())
                .put("failure_rate_to_open", b.failureRateToOpen()).put("rate_window_s", b.rateWindow().toSeconds())
                .put("minimum_attempts", b.minimumAttempts()).put("probe_after_s", b.probeAfter().toSeconds())
                .put("successes_to_close", b.successesToClose()).put("disable_after_s", b.disableAfter().toSeconds()));
        v.put("asymmetric", e.asymmetric());
        v.put("secret", digest(e.sealedSecret()));
        v.put("previous_secret_expires_at", e.previousSecretExpiresAt() == null ? null : e.previousSecretExpiresAt().toString());
        v.put("client_certificate", digest(e.clientCertificate() == null ? null : e.clientCertificate().identity()));
        return v;
    }

    public static ObjectNode source(Source s) {
        ObjectNode v = JSON.createObjectNode();
        v.put("name", s.name());
        v.put("mode", s.mode().wire());
        v.put("verification_scheme", s.verificationScheme());
        v.put("verification_arn", s.secretArn());
        // The sealed settings hold the scheme's secrets: only whether they changed is told.
        v.put("verification_secrets", digest(s.sealedVerification()));
        v.set("ip_allowlist", JSON.valueToTree(s.ipAllowlist()));
        v.put("max_body_bytes", s.maxBodyBytes());
        v.set("dedup", s.dedup());
        v.set("trigger", s.trigger());
        v.set("stream", s.stream());
        v.put("require_client_cert", s.requireClientCert());
        v.put("client_cert_subject", s.clientCertSubject());
        v.put("token", digest(s.tokenHash()));
        v.put("previous_token_expires_at", s.previousTokenExpiresAt() == null ? null : s.previousTokenExpiresAt().toString());
        return v;
    }

    /** A named thing with nothing else to compare (tenants, API keys). */
    public static ObjectNode named(String name) {
        return JSON.createObjectNode().put("name", name);
    }

    /** Parameters of an action that changes no settings (retry, recover, redrive). */
    public static ObjectNode of(String field, String value) {
        return JSON.createObjectNode().put(field, value);
    }

    private static String digest(String value) {
        return value == null ? null : Tokens.sha256Hex("audit\n" + value);
    }
}
