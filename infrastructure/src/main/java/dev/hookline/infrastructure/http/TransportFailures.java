package dev.hookline.infrastructure.http;

import dev.hookline.core.outbound.FailureKind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.MalformedChunkCodingException;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.TruncatedChunkException;

/**
 * Names the way a send failed without a complete answer, for {@link FailureKind} and a short, log-safe message.
 *
 * <p>Messages hold the exception type and the library's message (host, port, address), never headers or bodies.
 */
final class TransportFailures {

    private static final int MAX_MESSAGE = 200;

    private TransportFailures() {
    }

    /**
     * A failure before the status line and headers were in.
     *
     * @param deadlinePassed our own deadline aborted the request; whatever the abort surfaced as, it is a timeout
     */
    static FailureKind kind(IOException e, boolean deadlinePassed) {
        if (deadlinePassed) {
            return FailureKind.TIMEOUT;
        }
        // SSLException before the rest: handshake and certificate problems need a person, not a quick retry.
        if (e instanceof SSLException) {
            return FailureKind.TLS_ERROR;
        }
        if (e instanceof MessageConstraintException) {
            return FailureKind.RESPONSE_TOO_LARGE;
        }
        if (e instanceof NoHttpResponseException || e instanceof ConnectionClosedException) {
            return FailureKind.INCOMPLETE_RESPONSE;
        }
        // HttpClient wraps the parser's protocol errors (a garbled status line, an invalid header or length).
        if (e instanceof ClientProtocolException || e instanceof MalformedChunkCodingException) {
            return FailureKind.MALFORMED_RESPONSE;
        }
        // Socket/connect timeouts, and RequestFailedException ("aborted"), are all InterruptedIOExceptions.
        if (e instanceof InterruptedIOException) {
            return FailureKind.TIMEOUT;
        }
        // Refused, reset, unreachable, unknown host: the receiver could not be talked to.
        return FailureKind.CONNECT_ERROR;
    }

    /** A failure while reading the body, after the headers came: never an answer. */
    static FailureKind bodyKind(IOException e, boolean deadlinePassed) {
        if (deadlinePassed) {
            return FailureKind.TIMEOUT;
        }
        if (e instanceof MalformedChunkCodingException && !(e instanceof TruncatedChunkException)) {
            return FailureKind.MALFORMED_RESPONSE;
        }
        if (e instanceof InterruptedIOException && !(e instanceof ConnectionClosedException)) {
            return FailureKind.TIMEOUT;
        }
        // A close before the announced length or the last chunk, a reset mid-body: the answer never ended.
        return FailureKind.INCOMPLETE_RESPONSE;
    }

    static String describe(FailureKind kind, IOException e, long timeoutMs, boolean deadlinePassed) {
        if (deadlinePassed) {
            return "timeout: no complete answer within " + timeoutMs + " ms";
        }
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        String text = kind.name().toLowerCase(Locale.ROOT) + ": " + e.getClass().getSimpleName() + message;
        if (kind == FailureKind.TIMEOUT) {
            // The socket's own timeout may fire a moment before our deadline: the tenant still sees the same limit.
            text = "timeout: no complete answer within " + timeoutMs + " ms (" + e.getClass().getSimpleName() + message
                    + ")";
        }
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "…";
    }
}
