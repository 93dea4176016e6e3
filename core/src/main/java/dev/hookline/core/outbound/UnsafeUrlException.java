package dev.hookline.core.outbound;

import java.util.Objects;

/**
 * An outbound URL the guard refused. The {@link Reason#code()} is a stable, machine-readable contract (API clients
 * branch on it, metrics group by it); the message is for people and may change wording.
 */
public final class UnsafeUrlException extends RuntimeException {

    public enum Reason {
        INVALID_URL("invalid_url"),
        SCHEME_NOT_ALLOWED("scheme_not_allowed"),
        USERINFO_NOT_ALLOWED("userinfo_not_allowed"),
        INVALID_PORT("invalid_port"),
        AMBIGUOUS_ADDRESS("ambiguous_address"),
        UNRESOLVABLE_HOST("unresolvable_host"),
        LOOPBACK_ADDRESS("loopback_address"),
        PRIVATE_ADDRESS("private_address"),
        LINK_LOCAL_ADDRESS("link_local_address"),
        METADATA_ADDRESS("metadata_address"),
        RESERVED_ADDRESS("reserved_address");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public UnsafeUrlException(Reason reason, String message) {
        // No stack trace: this is an expected validation outcome, thrown per request, not a bug.
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }

    public String code() {
        return reason.code();
    }
}
