package dev.hookline.core.delivery;

import java.time.Instant;

/**
 * One try: when, what came back (status or error), how long it took, and a bounded excerpt of the answer.
 *
 * @param latencyMs the whole attempt, until the last byte read
 * @param headersMs until the status line and headers arrived; null when they never did (or for older attempts)
 */
public record Attempt(int n, Instant at, Integer statusCode, long latencyMs, String error, String responseExcerpt,
                      String outcome, Long headersMs) {

    public Attempt(int n, Instant at, Integer statusCode, long latencyMs, String error, String responseExcerpt,
                   String outcome) {
        this(n, at, statusCode, latencyMs, error, responseExcerpt, outcome, null);
    }
}
