package dev.hookline.infrastructure.http;

import dev.hookline.core.outbound.FailureKind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Names the way a send failed before any status arrived, for {@link FailureKind} and a short, log-safe message.
 *
 * <p>Messages hold the exception type and the library's message (host, port, address), never headers or bodies.
 */
final class TransportFailures {

    private static final int MAX_MESSAGE = 200;

    private TransportFailures() {
    }

    /** @param deadlinePassed our own deadline aborted the request; whatever the abort surfaced as, it is a timeout */
    static FailureKind kind(IOException e, boolean deadlinePassed) {
        if (deadlinePassed) {
            return FailureKind.TIMEOUT;
        }
        // SSLException before the rest: handshake and certificate problems need a person, not a quick retry.
        if (e instanceof SSLException) {
            return FailureKind.TLS_ERROR;
        }
        // Socket/connect timeouts, and RequestFailedException ("aborted"), are all InterruptedIOExceptions.
        if (e instanceof InterruptedIOException) {
            return FailureKind.TIMEOUT;
        }
        // Refused, reset, unreachable, unknown host, closed without an answer, and a garbled response: the receiver
        // could not be talked to. FailureKind has no "protocol error"; this is the nearest and it is retried.
        return FailureKind.CONNECT_ERROR;
    }

    static String describe(FailureKind kind, IOException e, long timeoutMs, boolean deadlinePassed) {
        if (deadlinePassed) {
            return "timeout: no complete answer within " + timeoutMs + " ms";
        }
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        String text = kind.name().toLowerCase(Locale.ROOT) + ": " + e.getClass().getSimpleName() + message;
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "…";
    }
}
