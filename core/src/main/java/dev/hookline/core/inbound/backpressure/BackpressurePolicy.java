package dev.hookline.core.inbound.backpressure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.problem.Problem.FieldError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a stream source does when its consumers fall behind. {@link Queue} lets SQS absorb the burst (the default:
 * nothing is lost, only delayed); {@link Reject} pushes back with 429 so well-behaved senders retry later;
 * {@link Shed} keeps a sample, for firehoses where recent data matters more than complete data.
 */
public sealed interface BackpressurePolicy {

    Queue DEFAULT = new Queue();

    /** The API's {@code "policy"} value. */
    String policy();

    /** Field errors named like the API's {@code backpressure} fields; empty when the policy can be used. */
    List<FieldError> validate();

    /**
     * Reads the API's {@code backpressure} object ({@code null} or absent -> {@link #DEFAULT}); values are checked
     * by {@link #validate()}.
     *
     * @throws IllegalArgumentException for a wrong shape: unknown policy, wrong types, fields of another policy
     */
    static BackpressurePolicy parse(JsonNode json) {
        List<FieldError> errors = new ArrayList<>();
        BackpressurePolicy policy = BackpressurePolicyJson.read(json, errors);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(errors.stream()
                    .map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; ")));
        }
        return policy;
    }

    /** Shape and value errors of an API {@code backpressure} object, as field errors; empty when it is usable. */
    static List<FieldError> check(JsonNode json) {
        List<FieldError> errors = new ArrayList<>();
        BackpressurePolicy policy = BackpressurePolicyJson.read(json, errors);
        return errors.isEmpty() ? policy.validate() : errors;
    }

    /** Accept everything; depth only shows up in metrics and alarms. */
    record Queue() implements BackpressurePolicy {
        @Override
        public String policy() {
            return "queue";
        }

        @Override
        public List<FieldError> validate() {
            return List.of();
        }
    }

    /**
     * Refuse with 429 when the queue is at {@code maxQueueDepth} or this second's requests exceed
     * {@code maxPerSecond}; either limit 0 means unset, but at least one must be set.
     */
    record Reject(int maxQueueDepth, int maxPerSecond, Duration retryAfter) implements BackpressurePolicy {

        /** Long enough for consumers to drain a little, short enough that senders' retries do not pile up for long. */
        public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);
        static final long MAX_RETRY_AFTER_S = 3600;

        public Reject {
            retryAfter = retryAfter == null ? DEFAULT_RETRY_AFTER : retryAfter;
        }

        @Override
        public String policy() {
            return "reject";
        }

        @Override
        public List<FieldError> validate() {
            List<FieldError> errors = new ArrayList<>();
            if (maxQueueDepth < 0) {
                errors.add(new FieldError("max_queue_depth", "must not be negative"));
            }
            if (maxPerSecond < 0) {
                errors.add(new FieldError("max_per_second", "must not be negative"));
            }
            // With neither limit a reject policy would accept everything while claiming to protect the queue.
            if (maxQueueDepth == 0 && maxPerSecond == 0) {
                errors.add(new FieldError("max_queue_depth", "set max_queue_depth or max_per_second (or both)"));
            }
            if (retryAfter.isNegative() || retryAfter.isZero() || retryAfter.toSeconds() > MAX_RETRY_AFTER_S
                    || retryAfter.toNanosPart() != 0) {
                errors.add(new FieldError("retry_after_s", "must be 1 to " + MAX_RETRY_AFTER_S + " whole seconds"));
            }
            return errors;
        }
    }

    /** Keep each request with probability {@code keepRate} (0 < r <= 1); the rest are counted and dropped. */
    record Shed(double keepRate) implements BackpressurePolicy {
        @Override
        public String policy() {
            return "shed";
        }

        @Override
        public List<FieldError> validate() {
            // Written so NaN fails too.
            if (!(keepRate > 0 && keepRate <= 1)) {
                return List.of(new FieldError("keep_rate", "must be greater than 0 and at most 1"));
            }
            return List.of();
        }
    }
}
