package dev.hookline.core.inbound.verify;

import java.util.Objects;

/**
 * One vendor's signing convention, as data: adding a vendor is adding a preset (and its known-answer vector test).
 *
 * @param spec      the convention, with the vendor's default tolerance (a source may choose another)
 * @param handshake the challenge the vendor sends to prove we own the endpoint, if any
 */
public record VendorPreset(SchemeType type, SignatureSpec spec, Handshake handshake) {

    public VendorPreset {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(handshake, "handshake");
    }

    public String id() {
        return type.id();
    }

    /** Secrets for HMAC senders, public keys for senders that sign with a private key. */
    public boolean usesSecrets() {
        return spec.algorithm().symmetric();
    }

    /** Whether the vendor signs a time, i.e. whether a tolerance means anything. */
    public boolean timestamped() {
        return spec.timestamp().signed();
    }

    /** The configuration field holding this preset's keys (what a Secrets Manager reference stands for). */
    public String keyField() {
        return usesSecrets() ? "secrets" : "public_keys";
    }
}
