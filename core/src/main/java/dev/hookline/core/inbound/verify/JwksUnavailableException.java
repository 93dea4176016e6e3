package dev.hookline.core.inbound.verify;

/** Thrown by a {@link JwksProvider} when the key set cannot be fetched or parsed. */
public final class JwksUnavailableException extends RuntimeException {

    public JwksUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public JwksUnavailableException(String message) {
        super(message);
    }
}
