package dev.hookline.core.delivery;

import java.time.Duration;
import java.util.Map;

/** A POST to an endpoint: its URL, every header to send (signature included), the exact body bytes. */
public record OutboundRequest(String url, Map<String, String> headers, byte[] body, Duration timeout) {
    public OutboundRequest {
        headers = Map.copyOf(headers);
    }
}
