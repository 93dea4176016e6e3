package dev.hookline.core.inbound;

import java.util.Map;

/**
 * One call to {@code /in/{token}} as the handler decoded it: the raw body bytes exactly as received
 * (base64-decoded if the gateway marked them so), the full public URL (some vendors sign it), lower-cased
 * headers, the caller's IP from the request context, and the mTLS client certificate subject if any.
 */
public record IngestCall(String token, String method, String url, Map<String, String> headers, byte[] body,
                         String sourceIp, String clientCertSubject, String requestId) {
    public IngestCall {
        headers = Map.copyOf(headers);
    }
}
