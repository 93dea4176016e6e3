package dev.hookline.core.signing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The three Standard Webhooks headers a delivery carries. The id stays the same across retries so receivers can
 * deduplicate; the timestamp and signature are fresh per attempt.
 */
public record WebhookHeaders(String id, String timestamp, String signature) {

    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";

    public WebhookHeaders {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(signature, "signature");
    }

    /** Lower-case names, in the order receivers' docs list them. */
    public Map<String, String> asMap() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ID, id);
        headers.put(TIMESTAMP, timestamp);
        headers.put(SIGNATURE, signature);
        return headers;
    }
}
