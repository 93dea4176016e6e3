package dev.hookline.core.outbound;

import dev.hookline.core.outbound.AttemptOutcome.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns the result of one attempt into an {@link AttemptOutcome}.
 *
 * <ul>
 *   <li>2xx: {@code SUCCEEDED}.</li>
 *   <li>410: {@code DISABLE_ENDPOINT}. It is the one status whose meaning ("gone, permanently") is explicit enough to
 *       act on without a human; other 4xx are often transient misconfiguration on the receiver's side.</li>
 *   <li>429, 502, 503, 504: {@code RETRY}, honouring {@code Retry-After} (delta-seconds or HTTP-date) capped at
 *       {@code maxRetryAfter} so a receiver cannot park a delivery for days. A missing, unparsable or past value
 *       leaves the policy's backoff in charge.</li>
 *   <li>3xx: {@code FAILED_RETRYABLE}. Redirects are never followed: a redirect could point at an internal address
 *       after the URL guard has approved the original, and it would silently move signed payloads elsewhere.</li>
 *   <li>Any other 1xx/4xx/5xx or out-of-range status: {@code FAILED_RETRYABLE}.</li>
 *   <li>Timeout, connect error, incomplete response: {@code RETRY} (transient by nature). TLS error, unsafe
 *       target, a response too large to read or malformed: {@code FAILED_RETRYABLE}; they usually need someone to fix
 *       a certificate, DNS or the receiver, but retrying costs little and the breaker/backoff stop us from hammering.
 *       None of them is ever a success, whatever status line came first.</li>
 * </ul>
 */
public final class AttemptClassifier {

    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofHours(1);

    private final Clock clock;
    private final Duration maxRetryAfter;

    public AttemptClassifier(Clock clock, Duration maxRetryAfter) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxRetryAfter = Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("maxRetryAfter must not be negative");
        }
    }

    public AttemptClassifier(Clock clock) {
        this(clock, DEFAULT_MAX_RETRY_AFTER);
    }

    /** @param retryAfter the raw Retry-After header value, or null */
    public AttemptOutcome classify(int status, String retryAfter) {
        if (status >= 200 && status <= 299) {
            return outcome(Verdict.SUCCEEDED, "success");
        }
        if (status == 410) {
            return outcome(Verdict.DISABLE_ENDPOINT, "gone");
        }
        if (status == 429 || status == 502 || status == 503 || status == 504) {
            String reason = status == 429 ? "throttled" : "unavailable";
            return new AttemptOutcome(Verdict.RETRY, retryAfter(retryAfter), reason);
        }
        if (status >= 300 && status <= 399) {
            return outcome(Verdict.FAILED_RETRYABLE, "redirect_not_followed");
        }
        if (status >= 400 && status <= 499) {
            return outcome(Verdict.FAILED_RETRYABLE, "client_error");
        }
        if (status >= 500 && status <= 599) {
            return outcome(Verdict.FAILED_RETRYABLE, "server_error");
        }
        return outcome(Verdict.FAILED_RETRYABLE, "unexpected_status");
    }

    public AttemptOutcome classify(FailureKind kind) {
        return switch (kind) {
            case TIMEOUT -> outcome(Verdict.RETRY, "timeout");
            case CONNECT_ERROR -> outcome(Verdict.RETRY, "connect_error");
            case TLS_ERROR -> outcome(Verdict.FAILED_RETRYABLE, "tls_error");
            case UNSAFE_TARGET -> outcome(Verdict.FAILED_RETRYABLE, "unsafe_target");
            case RESPONSE_TOO_LARGE -> outcome(Verdict.FAILED_RETRYABLE, "response_too_large");
            case INCOMPLETE_RESPONSE -> outcome(Verdict.RETRY, "incomplete_response");
            case MALFORMED_RESPONSE -> outcome(Verdict.FAILED_RETRYABLE, "malformed_response");
        };
    }

    /** The earliest retry instant a Retry-After value asks for, capped; empty when it asks for nothing usable. */
    Optional<Instant> retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        Instant now = clock.instant();
        Instant cap = now.plus(maxRetryAfter);
        Instant requested;
        if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // Anything beyond the cap is the cap; avoid overflowing on absurdly long digit strings.
            requested = v.length() > 9 ? cap : now.plusSeconds(Long.parseLong(v));
        } else {
            try {
                requested = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
            if (requested.isBefore(now)) {
                return Optional.empty();
            }
        }
        return Optional.of(requested.isAfter(cap) ? cap : requested);
    }

    private static AttemptOutcome outcome(Verdict verdict, String reason) {
        return new AttemptOutcome(verdict, Optional.empty(), reason);
    }
}
