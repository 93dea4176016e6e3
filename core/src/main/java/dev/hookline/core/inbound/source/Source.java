package dev.hookline.core.inbound.source;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/**
 * An inbound capability URL and how calls to it are checked and turned into records. The verification
 * settings (with their secrets) are held sealed; {@code secretArn}, when set, names a Secrets Manager
 * secret read at ingest time instead of inline secrets. Token hashes: the current one, and during a
 * rotation's grace period the previous one.
 */
public record Source(String id, String tenantId, String name, SourceMode mode, String sealedVerification,
                     String verificationScheme, String secretArn, List<String> ipAllowlist, int maxBodyBytes,
                     JsonNode dedup, JsonNode trigger, JsonNode stream, boolean requireClientCert,
                     String clientCertSubject, String tokenHash, String previousTokenHash,
                     Instant previousTokenExpiresAt, Instant createdAt, Instant updatedAt, long version) {

    public static final int DEFAULT_MAX_BODY = 256 * 1024;
    /** 4 MiB: API Gateway base64-encodes the body, and a synchronous Lambda invocation carries at most 6 MB. */
    public static final int MAX_BODY = 4 * 1024 * 1024;

    public Source {
        ipAllowlist = ipAllowlist == null ? List.of() : List.copyOf(ipAllowlist);
    }

    /** Whether a call bearing this token hash reaches this source: its current token, or the previous one in grace. */
    public boolean opensWith(String hash, Instant now) {
        return hash != null && (hash.equals(tokenHash) || hash.equals(previousTokenHash)
                && previousTokenExpiresAt != null && previousTokenExpiresAt.isAfter(now));
    }
}
