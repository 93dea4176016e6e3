package dev.hookline.core.delivery;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WebhookPayloadTest {
    private static final Instant AT = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void metadataFollowsTheDataAsThePublisherWroteIt() {
        Message m = new Message("msg_1", "ten_1", "order.paid", "{\"n\": 1}", AT, AT, "billing", "{\"region\" : \"eu\"}");
        assertEquals("{\"id\":\"msg_1\",\"type\":\"order.paid\",\"timestamp\":\"2026-12-02T10:00:00Z\",\"data\":{\"n\": 1},"
                + "\"metadata\":{\"region\" : \"eu\"}}", new String(WebhookPayload.render(m), StandardCharsets.UTF_8));
    }

    @Test
    void withoutMetadataThePayloadIsAsBefore() {
        Message m = new Message("msg_1", "ten_1", "order.paid", "[1]", AT, AT);
        assertEquals("{\"id\":\"msg_1\",\"type\":\"order.paid\",\"timestamp\":\"2026-12-02T10:00:00Z\",\"data\":[1]}",
                new String(WebhookPayload.render(m), StandardCharsets.UTF_8));
    }
}
