package dev.hookline.core.endpoint;

/**
 * Port: where an endpoint's health changes are told ({@code endpoint.*} events). Hookline publishes its own events
 * through the delivery path ({@code PlatformEventSink} implements this), best effort: the change itself is already
 * stored on the endpoint.
 */
public interface EndpointEvents {
    void publish(String tenantId, String type, String dataJson);
}
