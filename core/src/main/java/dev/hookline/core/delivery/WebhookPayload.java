package dev.hookline.core.delivery;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.nio.charset.StandardCharsets;

/**
 * The body a receiver gets: {@code {"id","type","timestamp","data"}}. The data is inserted as the stored
 * JSON text, so the bytes signed are the bytes sent, identical on every retry.
 */
public final class WebhookPayload {
    private WebhookPayload() {
    }

    public static byte[] render(Message message) {
        return ("{\"id\":" + quote(message.id())
                + ",\"type\":" + quote(message.type())
                + ",\"timestamp\":" + quote(message.timestamp().toString())
                + ",\"data\":" + message.dataJson() + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String value) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + "\"";
    }
}
