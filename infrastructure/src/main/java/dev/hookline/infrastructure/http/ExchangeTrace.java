package dev.hookline.infrastructure.http;

/**
 * What one send learned about its connection, written by {@link TrackedConnection} on the sending thread: whether
 * the request went out on a pooled (reused) connection, and whether any byte of an answer came back before a
 * failure. {@link StaleConnectionRetry} reads it to decide the one retry on a fresh connection.
 *
 * <p>Bound per send as a {@link ScopedValue} (the classic client sends and reads on the calling thread), so no
 * state leaks from one send into the next.
 */
final class ExchangeTrace {

    static final ScopedValue<ExchangeTrace> CURRENT = ScopedValue.newInstance();

    private volatile boolean reusedConnection;
    private volatile long receivedAtSend;
    private volatile boolean responseBytesSeen;
    private volatile int retriesOnFreshConnection;

    static ExchangeTrace current() {
        return CURRENT.isBound() ? CURRENT.get() : null;
    }

    void requestStarting(boolean reused, long receivedBytesSoFar) {
        reusedConnection = reused;
        receivedAtSend = receivedBytesSoFar;
        responseBytesSeen = false;
    }

    void receiveEnded(long receivedBytesSoFar) {
        if (receivedBytesSoFar > receivedAtSend) {
            responseBytesSeen = true;
        }
    }

    boolean reusedConnection() {
        return reusedConnection;
    }

    boolean responseBytesSeen() {
        return responseBytesSeen;
    }

    void retriedOnFreshConnection() {
        retriesOnFreshConnection++;
    }

    int retriesOnFreshConnection() {
        return retriesOnFreshConnection;
    }
}
