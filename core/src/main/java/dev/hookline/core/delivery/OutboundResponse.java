package dev.hookline.core.delivery;

import dev.hookline.core.outbound.FailureKind;

/**
 * What came back: a complete answer (status code, Retry-After and a bounded excerpt of the body), or the kind of
 * failure. {@code error} is a short, log-safe description.
 *
 * @param latencyMs the whole attempt: from the start of the send until the last byte we read (the end of the body,
 *                  or the end of the excerpt), or until it failed
 * @param headersMs from the start of the send until the status line and headers were in; null when they never came
 */
public record OutboundResponse(int statusCode, FailureKind failure, String retryAfter, String responseExcerpt,
                               long latencyMs, String error, Long headersMs) {
    public static final int MAX_EXCERPT_BYTES = 16 * 1024;

    public static OutboundResponse answered(int statusCode, String retryAfter, String excerpt, long latencyMs) {
        return answered(statusCode, retryAfter, excerpt, latencyMs, null);
    }

    public static OutboundResponse answered(int statusCode, String retryAfter, String excerpt, long latencyMs,
                                            Long headersMs) {
        return new OutboundResponse(statusCode, null, retryAfter, excerpt, latencyMs, null, headersMs);
    }

    public static OutboundResponse failed(FailureKind failure, String error, long latencyMs) {
        return failed(failure, error, latencyMs, null);
    }

    /** A failure after the headers came (a body cut short): the headers time is kept, the status is not. */
    public static OutboundResponse failed(FailureKind failure, String error, long latencyMs, Long headersMs) {
        return new OutboundResponse(0, failure, null, null, latencyMs, error, headersMs);
    }

    public boolean answered() {
        return failure == null;
    }
}
