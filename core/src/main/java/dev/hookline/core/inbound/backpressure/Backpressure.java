package dev.hookline.core.inbound.backpressure;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Applies a {@link BackpressurePolicy} to one request. Pure: the caller supplies the queue depth (SQS
 * {@code ApproximateNumberOfMessages}, cached for a few seconds: it is approximate anyway and reading it per request
 * would cost more than the request), this second's request count, and a uniform random draw, so tests are exact.
 */
public final class Backpressure {

    private Backpressure() {
    }

    public enum Kind {
        /** Enqueue it. */
        ACCEPT,
        /** Answer 429 with {@code Retry-After}. */
        REJECT,
        /** Acknowledge it and drop it: the sender is not asked to resend a sample it was not meant to keep. */
        SHED
    }

    /**
     * The verdict on one request.
     *
     * @param retryAfter the {@code Retry-After} for {@link Kind#REJECT}; null otherwise
     * @param reason     a stable, low-cardinality code for metrics and logs ({@code accepted}, {@code sampled_in},
     *                   {@code max_queue_depth}, {@code max_per_second}, {@code sampled_out}), so a refused or
     *                   shed request is never silent
     * @param detail     the numbers behind it, for people
     */
    public record Decision(Kind kind, Duration retryAfter, String reason, String detail) {

        public Decision {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(reason, "reason");
            if ((kind == Kind.REJECT) != (retryAfter != null)) {
                throw new IllegalArgumentException("retryAfter is set for REJECT and only for REJECT");
            }
        }

        public boolean accepted() {
            return kind == Kind.ACCEPT;
        }
    }

    /**
     * @param currentQueueDepth  messages waiting in the source's queue
     * @param requestsThisSecond requests to this source in the current second, including this one (what an atomic
     *                           increment-and-get returns)
     * @param random01           a uniform draw from [0, 1); only {@link BackpressurePolicy.Shed} uses it
     */
    public static Decision decide(BackpressurePolicy policy, long currentQueueDepth, long requestsThisSecond,
                                  double random01) {
        return switch (policy) {
            case BackpressurePolicy.Queue q -> accept("accepted", "queue policy");
            case BackpressurePolicy.Reject r -> reject(r, currentQueueDepth, requestsThisSecond);
            case BackpressurePolicy.Shed s -> shed(s, random01);
        };
    }

    private static Decision reject(BackpressurePolicy.Reject r, long depth, long requestsThisSecond) {
        // At the limit already counts as full: accepting one more is how a queue ends up over its limit.
        if (r.maxQueueDepth() > 0 && depth >= r.maxQueueDepth()) {
            return new Decision(Kind.REJECT, r.retryAfter(), "max_queue_depth",
                    "queue depth " + depth + " is at or above " + r.maxQueueDepth());
        }
        if (r.maxPerSecond() > 0 && requestsThisSecond > r.maxPerSecond()) {
            return new Decision(Kind.REJECT, r.retryAfter(), "max_per_second",
                    requestsThisSecond + " requests this second is above " + r.maxPerSecond());
        }
        return accept("accepted", "within limits");
    }

    private static Decision shed(BackpressurePolicy.Shed s, double random01) {
        if (!(random01 >= 0 && random01 < 1)) {
            throw new IllegalArgumentException("random01 must be in [0, 1): " + random01);
        }
        String detail = String.format(Locale.ROOT, "draw %.4f against keep_rate %s", random01, s.keepRate());
        return random01 < s.keepRate() ? accept("sampled_in", detail)
                : new Decision(Kind.SHED, null, "sampled_out", detail);
    }

    private static Decision accept(String reason, String detail) {
        return new Decision(Kind.ACCEPT, null, reason, detail);
    }
}
