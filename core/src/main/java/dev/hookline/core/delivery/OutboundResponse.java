package dev.hookline.core.delivery;

import dev.hookline.core.outbound.FailureKind;

/**
 * What came back: a status code (with Retry-After and a bounded excerpt of the body), or no response at
 * all and the kind of failure. {@code error} is a short, log-safe description.
 */
public record OutboundResponse(int statusCode, FailureKind failure, String retryAfter, String responseExcerpt,
                               long latencyMs, String error) {
    public static final int MAX_EXCERPT_BYTES = 16 * 1024;

    public static OutboundResponse answered(int statusCode, String retryAfter, String excerpt, long latencyMs) {
        return new OutboundResponse(statusCode, null, retryAfter, excerpt, latencyMs, null);
    }

    public static OutboundResponse failed(FailureKind failure, String error, long latencyMs) {
        return new OutboundResponse(0, failure, null, null, latencyMs, error);
    }

    public boolean answered() {
        return failure == null;
    }
}
