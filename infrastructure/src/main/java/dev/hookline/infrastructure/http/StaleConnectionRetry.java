package dev.hookline.infrastructure.http;

import java.io.IOException;
import java.net.SocketException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;

/**
 * The one retry HttpClient may make for us: a request that failed on a reused (pooled) connection before any byte
 * of an answer came back goes out once more, at once, within the same attempt and deadline.
 *
 * <p>Why this is safe for a POST: a keep-alive receiver that closed an idle connection closes it before reading our
 * request from it (it never saw the request), and that is exactly this failure: the write or the first read hits
 * the closed socket and nothing at all comes back. Anything else (a fresh connection, any answer byte, a timeout,
 * a second failure) is left alone, because then the receiver may have seen the request. The pool validates
 * connections idle for more than a moment before lending them, so the retry gets a fresh one (the failed one is
 * discarded, and older idle ones are checked first).
 */
final class StaleConnectionRetry implements org.apache.hc.client5.http.HttpRequestRetryStrategy {

    @Override
    public boolean retryRequest(HttpRequest request, IOException exception, int execCount, HttpContext context) {
        ExchangeTrace trace = ExchangeTrace.current();
        if (trace == null || execCount > 1 || !trace.reusedConnection() || trace.responseBytesSeen()) {
            return false;
        }
        boolean closedUnderUs = exception instanceof NoHttpResponseException || exception instanceof SocketException;
        if (closedUnderUs) {
            trace.retriedOnFreshConnection();
        }
        return closedUnderUs;
    }

    @Override
    public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
        return false;
    }

    @Override
    public TimeValue getRetryInterval(HttpResponse response, int execCount, HttpContext context) {
        return TimeValue.ZERO_MILLISECONDS;
    }
}
