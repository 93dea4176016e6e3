package dev.hookline.core.endpoint;

import dev.hookline.core.outbound.RetryPolicy;

import java.util.List;
import java.util.Map;

/**
 * The settable fields of an endpoint, as a create or patch request gives them; a null field is "not given"
 * (the default on create, unchanged on patch). {@code retry} and {@code breaker} override field by field.
 *
 * @param secret a signing secret the tenant chose ({@code whsec_…}), on create only; otherwise one is generated
 * @param pull   the receiver pulls (no URL) instead of being pushed to; fixed at creation, like {@code asymmetric}
 */
public record EndpointSettings(String url, String description, List<String> eventTypes, Boolean enabled,
                               Map<String, String> headers, RetryPolicy.Overrides retry, Integer timeoutMs,
                               Boolean asymmetric, BreakerSettings.Overrides breaker, String name, String secret,
                               Boolean eventTypeHeader, Boolean pull) {

    public EndpointSettings(String url, String description, List<String> eventTypes, Boolean enabled,
                            Map<String, String> headers, RetryPolicy.Overrides retry, Integer timeoutMs,
                            Boolean asymmetric, BreakerSettings.Overrides breaker) {
        this(url, description, eventTypes, enabled, headers, retry, timeoutMs, asymmetric, breaker, null, null, null,
                null);
    }

    /** Never the secret: settings end up in exception messages and debug output. */
    @Override
    public String toString() {
        return "EndpointSettings[url=" + url + ", name=" + name + ", secret=" + (secret == null ? "none" : "<redacted>")
                + ", pull=" + pull + "]";
    }
}
