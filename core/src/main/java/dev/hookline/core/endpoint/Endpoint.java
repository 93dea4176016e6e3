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
 *
 * @param name            a label for people (the seeds' create form), optional
 * @param eventTypeHeader whether deliveries carry {@link #EVENT_TYPE_HEADER}, for receivers that route on a header
 */
public record Endpoint(String id, String tenantId, String url, String description, List<String> eventTypes,
                       boolean enabled, String disabledReason, Map<String, String> headers, RetryPolicy retry,
                       Duration timeout, String sealedSecret, String sealedSigningKey, String publicKey,
                       Instant createdAt, Instant updatedAt, long version, EndpointHealth health,
                       BreakerSettings breaker, String previousSealedSecret, Instant previousSecretExpiresAt,
                       String name, boolean eventTypeHeader, ClientCertificate clientCertificate) {

    /** The event's type on a delivery, when the endpoint asks for it; the signed body says the same. */
    public static final String EVENT_TYPE_HEADER = "webhook-event-type";

    public Endpoint {
        eventTypes = eventTypes == null ? List.of() : List.copyOf(eventTypes);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        health = health == null ? EndpointHealth.healthy(createdAt) : health;
        breaker = breaker == null ? BreakerSettings.DEFAULT : breaker;
    }

    /** Without a client certificate (no mutual TLS). */
    public Endpoint(String id, String tenantId, String url, String description, List<String> eventTypes, boolean enabled,
                    String disabledReason, Map<String, String> headers, RetryPolicy retry, Duration timeout,
                    String sealedSecret, String sealedSigningKey, String publicKey, Instant createdAt, Instant updatedAt,
                    long version, EndpointHealth health, BreakerSettings breaker, String previousSealedSecret,
                    Instant previousSecretExpiresAt, String name, boolean eventTypeHeader) {
        this(id, tenantId, url, description, eventTypes, enabled, disabledReason, headers, retry, timeout, sealedSecret,
                sealedSigningKey, publicKey, createdAt, updatedAt, version, health, breaker, previousSealedSecret,
                previousSecretExpiresAt, name, eventTypeHeader, null);
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

    /** Without a name, and without the event-type header. */
    public Endpoint(String id, String tenantId, String url, String description, List<String> eventTypes, boolean enabled,
                    String disabledReason, Map<String, String> headers, RetryPolicy retry, Duration timeout,
                    String sealedSecret, String sealedSigningKey, String publicKey, Instant createdAt, Instant updatedAt,
                    long version, EndpointHealth health, BreakerSettings breaker, String previousSealedSecret,
                    Instant previousSecretExpiresAt) {
        this(id, tenantId, url, description, eventTypes, enabled, disabledReason, headers, retry, timeout, sealedSecret,
                sealedSigningKey, publicKey, createdAt, updatedAt, version, health, breaker, previousSealedSecret,
                previousSecretExpiresAt, null, false, null);
    }

    /** The previous secret signs too until its grace period ends (rotation). */
    public boolean previousSecretValidAt(Instant at) {
        return previousSealedSecret != null && previousSecretExpiresAt != null && at.isBefore(previousSecretExpiresAt);
    }

    public Endpoint withHealth(EndpointHealth value) {
        return new Endpoint(id, tenantId, url, description, eventTypes, enabled, disabledReason, headers, retry, timeout,
                sealedSecret, sealedSigningKey, publicKey, createdAt, updatedAt, version, value, breaker,
                previousSealedSecret, previousSecretExpiresAt, name, eventTypeHeader, clientCertificate);
    }

    public boolean subscribesTo(String eventType) {
        return subscribesTo(eventType, null);
    }

    /**
     * By name, pattern or category. {@code category} is the one the event was published with (a tenant type's
     * registered category); null falls back to a platform type's own category ({@link PlatformEvents#categoryOf}).
     */
    public boolean subscribesTo(String eventType, String category) {
        String effective = category != null ? category : PlatformEvents.categoryOf(eventType);
        if (PlatformEvents.isOperational(eventType)) {
            List<String> named = eventTypes.stream().filter(p -> !p.equals("*")).toList();
            return !named.isEmpty() && EventTypeFilter.of(named).matches(eventType, effective);
        }
        return EventTypeFilter.of(eventTypes).matches(eventType, effective);
    }

    public boolean asymmetric() {
        return sealedSigningKey != null;
    }

    public Endpoint withEnabled(boolean value, String reason, Instant at) {
        return new Endpoint(id, tenantId, url, description, eventTypes, value, value ? null : reason, headers, retry,
                timeout, sealedSecret, sealedSigningKey, publicKey, createdAt, at, version, health, breaker,
                previousSealedSecret, previousSecretExpiresAt, name, eventTypeHeader, clientCertificate);
    }

    /** The same endpoint presenting another client certificate (null: none). */
    public Endpoint withClientCertificate(ClientCertificate value, Instant at) {
        return new Endpoint(id, tenantId, url, description, eventTypes, enabled, disabledReason, headers, retry,
                timeout, sealedSecret, sealedSigningKey, publicKey, createdAt, at, version, health, breaker,
                previousSealedSecret, previousSecretExpiresAt, name, eventTypeHeader, value);
    }
}
