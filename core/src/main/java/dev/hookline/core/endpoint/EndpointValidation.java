package dev.hookline.core.endpoint;

import dev.hookline.core.outbound.EventTypeFilter;
import dev.hookline.core.outbound.RetryPolicy;
import dev.hookline.core.outbound.UnsafeUrlException;
import dev.hookline.core.outbound.UrlGuard;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.Problem.FieldError;
import dev.hookline.core.problem.ProblemType;
import dev.hookline.core.wire.PlainText;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks endpoint settings and answers 422 with every field error at once (unsafe URLs with their reason). */
public final class EndpointValidation {
    public static final int DEFAULT_TIMEOUT_MS = 15_000;
    static final int MIN_TIMEOUT_MS = 1_000;
    static final int MAX_TIMEOUT_MS = 30_000;
    static final int MAX_HEADERS = 20;
    static final int MAX_EVENT_TYPES = 50;
    static final int MAX_DESCRIPTION = 500;
    static final int MAX_NAME = 100;
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");
    /** Headers Hookline owns: a tenant setting them would break signing or the HTTP exchange. */
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "content-type",
            "transfer-encoding", "connection", "webhook-id", "webhook-timestamp", "webhook-signature", Endpoint.EVENT_TYPE_HEADER, "te",
            "upgrade", "expect", "keep-alive", "proxy-authorization");

    private final UrlGuard urlGuard;

    public EndpointValidation(UrlGuard urlGuard) {
        this.urlGuard = urlGuard;
    }

    /**
     * @param retry   the retry policy the settings result in (their overrides over the base), or null if not given
     * @param breaker likewise for the circuit breaker
     */
    public void check(EndpointSettings s, RetryPolicy retry, BreakerSettings breaker, boolean creating) {
        List<FieldError> errors = new ArrayList<>();
        boolean pull = Boolean.TRUE.equals(s.pull());
        if (pull && s.url() != null) {
            errors.add(new FieldError("url", "must not be given for a pull endpoint: its receiver fetches deliveries"));
        } else if (creating && !pull && (s.url() == null || s.url().isBlank())) {
            errors.add(new FieldError("url", "is required (or \"delivery\": \"pull\" for an endpoint that pulls)"));
        }
        if (!pull && s.url() != null && !s.url().isBlank()) {
            try {
                urlGuard.check(s.url().strip());
            } catch (UnsafeUrlException e) {
                throw new Problem(Problem.TYPE_BASE + ProblemType.UNSAFE_URL.slug(), ProblemType.UNSAFE_URL.title(),
                        422, e.getMessage(), List.of(new FieldError("url", e.code() + ": " + e.getMessage()))).toException();
            }
        }
        if (s.description() != null && s.description().length() > MAX_DESCRIPTION) {
            errors.add(new FieldError("description", "must be at most " + MAX_DESCRIPTION + " characters"));
        }
        PlainText.check(errors, "description", s.description(), true);
        if (s.name() != null) {
            if (s.name().isBlank() || s.name().length() > MAX_NAME) {
                errors.add(new FieldError("name", "must be 1 to " + MAX_NAME + " characters"));
            }
            PlainText.check(errors, "name", s.name(), false);
        }
        if (s.secret() != null) {
            String problem = creating ? dev.hookline.core.signing.SigningSecret.supplyProblem(s.secret())
                    : "is chosen when the endpoint is created; rotate it with POST /v1/endpoints/{id}/secret/rotate";
            if (problem != null) {
                errors.add(new FieldError("secret", problem));
            }
        }
        if (s.eventTypes() != null) {
            if (s.eventTypes().size() > MAX_EVENT_TYPES) {
                errors.add(new FieldError("event_types", "must list at most " + MAX_EVENT_TYPES + " patterns"));
            }
            errors.addAll(EventTypeFilter.validate("event_types", s.eventTypes()));
        }
        if (s.headers() != null) {
            checkHeaders(s.headers(), errors);
        }
        if (retry != null) {
            retry.validate().forEach(e -> errors.add(new FieldError("retry." + e.field(), e.message())));
        }
        if (breaker != null) {
            checkBreaker(breaker, errors);
        }
        if (s.timeoutMs() != null && (s.timeoutMs() < MIN_TIMEOUT_MS || s.timeoutMs() > MAX_TIMEOUT_MS)) {
            errors.add(new FieldError("timeout_ms", "must be between " + MIN_TIMEOUT_MS + " and " + MAX_TIMEOUT_MS));
        }
        if (!errors.isEmpty()) {
            throw Problem.invalid("The endpoint settings are not valid.", errors).toException();
        }
    }

    private static void checkBreaker(BreakerSettings b, List<FieldError> errors) {
        range(errors, "breaker.consecutive_failures_to_open", b.consecutiveFailuresToOpen(), 1, 100);
        if (!(b.failureRateToOpen() >= 0.1 && b.failureRateToOpen() <= 1.0)) {
            errors.add(new FieldError("breaker.failure_rate_to_open", "must be between 0.1 and 1.0"));
        }
        range(errors, "breaker.rate_window_s", b.rateWindow().toSeconds(), 60, 3600);
        range(errors, "breaker.minimum_attempts", b.minimumAttempts(), 1, 1000);
        range(errors, "breaker.probe_after_s", b.probeAfter().toSeconds(), 1, 3600);
        range(errors, "breaker.successes_to_close", b.successesToClose(), 1, 10);
        range(errors, "breaker.disable_after_s", b.disableAfter().toSeconds(), 3600, 30L * 86400);
    }

    private static void range(List<FieldError> errors, String field, long value, long min, long max) {
        if (value < min || value > max) {
            errors.add(new FieldError(field, "must be between " + min + " and " + max));
        }
    }

    private static void checkHeaders(Map<String, String> headers, List<FieldError> errors) {
        if (headers.size() > MAX_HEADERS) {
            errors.add(new FieldError("headers", "must have at most " + MAX_HEADERS + " entries"));
        }
        headers.forEach((name, value) -> {
            String field = "headers." + name;
            if (!HEADER_NAME.matcher(name).matches()) {
                errors.add(new FieldError(field, "is not a valid header name"));
            } else if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                errors.add(new FieldError(field, "is set by Hookline and cannot be overridden"));
            }
            if (value == null || value.length() > 1024) {
                errors.add(new FieldError(field, "must be a single-line value of at most 1024 characters"));
            } else {
                PlainText.checkHeaderValue(errors, field, value);
            }
        });
    }
}
