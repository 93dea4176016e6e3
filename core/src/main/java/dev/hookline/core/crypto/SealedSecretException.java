package dev.hookline.core.crypto;

import java.util.Objects;

/**
 * A sealed value that cannot be opened. The kind separates "our data is damaged or was moved" (an incident) from
 * "a key was removed from the ring too early" (a configuration error); messages never include plaintext or keys.
 */
public final class SealedSecretException extends RuntimeException {

    public enum Kind {
        /** Not in the {@code v1.<keyId>.<nonce>.<ciphertext>} shape. */
        MALFORMED,
        /** The key id is not (or no longer) in the ring. */
        UNKNOWN_KEY,
        /** GCM tag mismatch: tampered ciphertext, wrong associated data (moved to another record), or wrong key. */
        AUTHENTICATION_FAILED
    }

    private final Kind kind;

    public SealedSecretException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }
}
