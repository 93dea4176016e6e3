package dev.hookline.core.inbound.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.audit.AuditViews;

/** What the audit log compares of a source (see {@link AuditViews} for the rules every view follows). */
public final class SourceAuditView {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SourceAuditView() {
    }

    public static ObjectNode of(Source s) {
        ObjectNode v = JSON.createObjectNode();
        v.put("name", s.name());
        v.put("mode", s.mode().wire());
        v.put("verification_scheme", s.verificationScheme());
        v.put("verification_arn", s.secretArn());
        // The sealed settings hold the scheme's secrets: only whether they changed is told.
        v.put("verification_secrets", AuditViews.digest(s.sealedVerification()));
        v.set("ip_allowlist", JSON.valueToTree(s.ipAllowlist()));
        v.put("max_body_bytes", s.maxBodyBytes());
        v.set("dedup", s.dedup());
        v.set("trigger", s.trigger());
        v.set("stream", s.stream());
        v.put("require_client_cert", s.requireClientCert());
        v.put("client_cert_subject", s.clientCertSubject());
        v.put("token", AuditViews.digest(s.tokenHash()));
        v.put("previous_token_expires_at", s.previousTokenExpiresAt() == null ? null : s.previousTokenExpiresAt().toString());
        return v;
    }
}
