package dev.hookline.core.delivery;

import dev.hookline.core.outbound.ClientIdentity;

import java.time.Duration;
import java.util.Map;

/**
 * A POST to an endpoint: its URL, every header to send (signature included), the exact body bytes, and the client
 * certificate to present when the receiver asks for one (null: none).
 */
public record OutboundRequest(String url, Map<String, String> headers, byte[] body, Duration timeout,
                              ClientIdentity clientIdentity) {
    public OutboundRequest {
        headers = Map.copyOf(headers);
    }

    public OutboundRequest(String url, Map<String, String> headers, byte[] body, Duration timeout) {
        this(url, headers, body, timeout, null);
    }

    public OutboundRequest withClientIdentity(ClientIdentity identity) {
        return new OutboundRequest(url, headers, body, timeout, identity);
    }
}
