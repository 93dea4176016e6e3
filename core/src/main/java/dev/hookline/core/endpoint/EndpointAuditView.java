package dev.hookline.core.endpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.audit.AuditViews;

/** What the audit log compares of an endpoint (see {@link AuditViews} for the rules every view follows). */
public final class EndpointAuditView {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EndpointAuditView() {
    }

    public static ObjectNode of(Endpoint e) {
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
        v.put("secret", AuditViews.digest(e.sealedSecret()));
        v.put("previous_secret_expires_at", e.previousSecretExpiresAt() == null ? null : e.previousSecretExpiresAt().toString());
        v.put("client_certificate", AuditViews.digest(e.clientCertificate() == null ? null : e.clientCertificate().identity()));
        return v;
    }
}
