package dev.hookline.core.inbound.verify;

import java.util.Objects;

/**
 * What a {@link VerificationScheme} concluded about one inbound request.
 *
 * <p>The reason code is stable (metrics, logs, problem+json); the detail is for people and never contains key material,
 * expected signatures or other values an attacker could use to forge the next attempt.
 */
public record Verification(Reason reason, String detail) {

    public enum Reason {
        VERIFIED("verified"),
        MISSING_HEADER("missing_header"),
        BAD_SIGNATURE("bad_signature"),
        BAD_TIMESTAMP("bad_timestamp"),
        STALE_TIMESTAMP("stale_timestamp"),
        FUTURE_TIMESTAMP("future_timestamp"),
        BAD_TOKEN("bad_token"),
        BAD_JWT("bad_jwt"),
        /** Our side could not obtain keys (JWKS unreachable): the sender is not at fault, so answer 503, not 401. */
        KEY_UNAVAILABLE("key_unavailable");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    public Verification {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    public static Verification ok(String detail) {
        return new Verification(Reason.VERIFIED, detail);
    }

    public static Verification fail(Reason reason, String detail) {
        if (reason == Reason.VERIFIED) {
            throw new IllegalArgumentException("a failure needs a failure reason");
        }
        return new Verification(reason, detail);
    }

    public boolean verified() {
        return reason == Reason.VERIFIED;
    }

    public String code() {
        return reason.code();
    }
}
