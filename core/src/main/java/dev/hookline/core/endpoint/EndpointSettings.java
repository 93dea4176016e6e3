package dev.hookline.core.endpoint;

import dev.hookline.core.outbound.RetryPolicy;

import java.util.List;
import java.util.Map;

/**
 * The settable fields of an endpoint, as a create or patch request gives them; a null field is "not given"
 * (the default on create, unchanged on patch). {@code pull}: the receiver pulls (no URL) instead of being pushed
 * to; fixed at creation, like {@code asymmetric}.
 */
public record EndpointSettings(String url, String description, List<String> eventTypes, Boolean enabled,
                               Map<String, String> headers, RetryPolicy retry, Integer timeoutMs, Boolean asymmetric,
                               BreakerSettings breaker, Boolean pull) {

    /** Settings that leave the delivery mode as it is (push on create). */
    public EndpointSettings(String url, String description, List<String> eventTypes, Boolean enabled,
                            Map<String, String> headers, RetryPolicy retry, Integer timeoutMs, Boolean asymmetric,
                            BreakerSettings breaker) {
        this(url, description, eventTypes, enabled, headers, retry, timeoutMs, asymmetric, breaker, null);
    }
}
