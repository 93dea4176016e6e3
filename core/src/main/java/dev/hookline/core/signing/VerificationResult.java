package dev.hookline.core.signing;

import java.util.Objects;

/**
 * What a {@link WebhookVerifier} concluded. Failures carry a stable code (for metrics, logs and problem+json) and a
 * human detail that never contains key material or the signatures themselves.
 */
public record VerificationResult(Status status, String detail) {

    public enum Status {
        VERIFIED("verified"),
        MISSING_HEADER("missing_header"),
        BAD_TIMESTAMP("bad_timestamp"),
        STALE_TIMESTAMP("stale_timestamp"),
        FUTURE_TIMESTAMP("future_timestamp"),
        NO_MATCHING_SIGNATURE("no_matching_signature");

        private final String code;

        Status(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    public VerificationResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    public boolean verified() {
        return status == Status.VERIFIED;
    }

    static VerificationResult ok(String detail) {
        return new VerificationResult(Status.VERIFIED, detail);
    }

    static VerificationResult fail(Status status, String detail) {
        return new VerificationResult(status, detail);
    }
}
