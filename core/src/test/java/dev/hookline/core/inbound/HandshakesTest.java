package dev.hookline.core.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.core.inbound.verify.InboundRequest;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HandshakesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static InboundRequest json(String body) {
        return InboundRequest.of("POST", "https://in.hookline.dev/v1/in/src_1", Map.of("Content-Type",
                "application/json"), body, "");
    }

    @Test
    void zoomCrcVector() throws Exception {
        JsonNode v = InboundVectors.entry("zoom-crc");
        String body = "{\"payload\":{\"plainToken\":\"" + v.path("plainToken").asText()
                + "\"},\"event_ts\":1654503849680,\"event\":\"endpoint.url_validation\"}";
        Optional<String> answer = Handshakes.zoomUrlValidation(json(body), v.path("secret").asText());
        assertTrue(answer.isPresent());
        JsonNode parsed = JSON.readTree(answer.get());
        assertEquals(v.path("plainToken").asText(), parsed.path("plainToken").asText());
        assertEquals(v.path("encryptedToken").asText(), parsed.path("encryptedToken").asText());
    }

    @Test
    void zoomIgnoresOtherEvents() {
        assertEquals(Optional.empty(), Handshakes.zoomUrlValidation(
                json("{\"event\":\"meeting.started\",\"payload\":{\"plainToken\":\"x\"}}"), "secret"));
        assertEquals(Optional.empty(), Handshakes.zoomUrlValidation(
                json("{\"event\":\"endpoint.url_validation\",\"payload\":{\"plainToken\":{}}}"), "secret"));
        assertEquals(Optional.empty(), Handshakes.zoomUrlValidation(
                json("{\"event\":\"endpoint.url_validation\",\"payload\":{\"plainToken\":\"x\"}}"), null));
    }

    @Test
    void slackUrlVerification() throws Exception {
        String body = "{\"token\":\"Jhj5dZrVaK7ZwHHjRyZWjbDl\",\"challenge\":"
                + "\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\",\"type\":\"url_verification\"}";
        Optional<String> answer = Handshakes.slackUrlVerification(json(body));
        assertEquals("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
                JSON.readTree(answer.orElseThrow()).path("challenge").asText());
    }

    @Test
    void slackChallengeIsJsonEscaped() throws Exception {
        Optional<String> answer = Handshakes.slackUrlVerification(
                json("{\"type\":\"url_verification\",\"challenge\":\"a\\\"b</x>\"}"));
        assertEquals("a\"b</x>", JSON.readTree(answer.orElseThrow()).path("challenge").asText());
    }

    @Test
    void ordinaryEventsAreNotHandshakes() {
        assertEquals(Optional.empty(), Handshakes.slackUrlVerification(json("{\"type\":\"event_callback\"}")));
        assertEquals(Optional.empty(), Handshakes.slackUrlVerification(json("not json")));
        assertEquals(Optional.empty(), Handshakes.slackUrlVerification(json("[1,2]")));
        assertEquals(Optional.empty(), Handshakes.slackUrlVerification(
                json("{\"type\":\"url_verification\",\"challenge\":\"" + "x".repeat(300) + "\"}")));
    }
}
