package dev.hookline.core.delivery;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.nio.charset.StandardCharsets;

/**
 * The body a receiver gets: {@code {"id","type","timestamp","data"}}, and {@code "metadata"} after the data when the
 * publisher gave one. Data and metadata are inserted as the stored JSON text, so the bytes signed are the bytes sent,
 * identical on every retry.
 */
public final class WebhookPayload {
    private WebhookPayload() {
    }

    public static byte[] render(Message message) {
        return ("{\"id\":" + quote(message.id())
                + ",\"type\":" + quote(message.type())
                + ",\"timestamp\":" + quote(message.timestamp().toString())
                + ",\"data\":" + message.dataJson()
                + (message.metadataJson() == null ? "" : ",\"metadata\":" + message.metadataJson())
                + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String value) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + "\"";
    }
}
