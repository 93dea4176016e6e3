package dev.hookline.core.delivery;

import java.time.Instant;

/** One try: when, what came back (status or error), how long it took, and a bounded excerpt of the answer. */
public record Attempt(int n, Instant at, Integer statusCode, long latencyMs, String error, String responseExcerpt,
                      String outcome) {
}
