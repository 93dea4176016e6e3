package dev.hookline.core.delivery;

import dev.hookline.core.endpoint.Endpoint;
import dev.hookline.core.endpoint.EndpointKeys;
import dev.hookline.core.signing.WebhookHeaders;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The request a delivery carries, signed for one attempt: the endpoint's own headers, then the content type,
 * user agent and Standard Webhooks headers, and the exact body bytes. Pushed by a worker, or handed to a
 * pulling receiver as is, so a receiver cannot tell the two apart.
 */
public final class DeliveryRequests {
    public static final String USER_AGENT = "Hookline-Webhooks/1.0 (+https://hookline.dev)";

    private DeliveryRequests() {
    }

    public static OutboundRequest signed(Endpoint endpoint, Message message, Instant at, EndpointKeys keys) {
        byte[] body = WebhookPayload.render(message);
        WebhookHeaders signature = keys.signerFor(endpoint).sign(message.id(), at, body);
        Map<String, String> headers = new LinkedHashMap<>(endpoint.headers());
        headers.put("content-type", "application/json");
        headers.put("user-agent", USER_AGENT);
        headers.putAll(signature.asMap());
        if (endpoint.eventTypeHeader()) {
            headers.put(Endpoint.EVENT_TYPE_HEADER, message.type());
        }
        return new OutboundRequest(endpoint.url(), headers, body, endpoint.timeout());
    }
}
