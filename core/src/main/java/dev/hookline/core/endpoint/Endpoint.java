package dev.hookline.core.endpoint;

import dev.hookline.core.outbound.EventTypeFilter;
import dev.hookline.core.outbound.RetryPolicy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A tenant's subscribed receiver. Its signing secret (and optional Ed25519 key) are held sealed with the
 * master key ring; only the public key is stored in the clear. An endpoint without a URL is a pull endpoint:
 * nothing is pushed to it, its receiver leases due deliveries ({@code GET /v1/endpoints/{id}/pull}) and
 * acknowledges each one; the URL (or its absence) is fixed when the endpoint is created.
 */
public record Endpoint(String id, String tenantId, String url, String description, List<String> eventTypes,
                       boolean enabled, String disabledReason, Map<String, String> headers, RetryPolicy retry,
                       Duration timeout, String sealedSecret, String sealedSigningKey, String publicKey,
                       Instant createdAt, Instant updatedAt, long version, EndpointHealth health,
                       BreakerSettings breaker, String previousSealedSecret, Instant previousSecretExpiresAt) {

    public Endpoint {
        eventTypes = eventTypes == null ? List.of() : List.copyOf(eventTypes);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        health = health == null ? EndpointHealth.healthy(createdAt) : health;
        breaker = breaker == null ? BreakerSettings.DEFAULT : breaker;
    }

    /** A new endpoint: healthy, default breaker, no rotation in progress. */
    public Endpoint(String id, String tenantId, String url, String description, List<String> eventTypes, boolean enabled,
                    String disabledReason, Map<String, String> headers, RetryPolicy retry, Duration timeout,
                    String sealedSecret, String sealedSigningKey, String publicKey, Instant createdAt, Instant updatedAt,
                    long version) {
        this(id, tenantId, url, description, eventTypes, enabled, disabledReason, headers, retry, timeout, sealedSecret,
                sealedSigningKey, publicKey, createdAt, updatedAt, version, null, null, null, null);
    }

    /** Never pushed to: the receiver pulls (it may sit behind NAT, or accept no inbound connections). */
    public boolean pull() {
        return url == null;
    }

    /** The previous secret signs too until its grace period ends (rotation). */
    public boolean previousSecretValidAt(Instant at) {
        return previousSealedSecret != null && previousSecretExpiresAt != null && at.isBefore(previousSecretExpiresAt);
    }

    public Endpoint withHealth(EndpointHealth value) {
        return new Endpoint(id, tenantId, url, description, eventTypes, enabled, disabledReason, headers, retry, timeout,
                sealedSecret, sealedSigningKey, publicKey, createdAt, updatedAt, version, value, breaker,
                previousSealedSecret, previousSecretExpiresAt);
    }

    public boolean subscribesTo(String eventType) {
        if (PlatformEvents.isOperational(eventType)) {
            List<String> named = eventTypes.stream().filter(p -> !p.equals("*")).toList();
            return !named.isEmpty() && EventTypeFilter.of(named).matches(eventType);
        }
        return EventTypeFilter.of(eventTypes).matches(eventType);
    }

    public boolean asymmetric() {
        return sealedSigningKey != null;
    }

    public Endpoint withEnabled(boolean value, String reason, Instant at) {
        return new Endpoint(id, tenantId, url, description, eventTypes, value, value ? null : reason, headers, retry,
                timeout, sealedSecret, sealedSigningKey, publicKey, createdAt, at, version, health, breaker,
                previousSealedSecret, previousSecretExpiresAt);
    }
}
