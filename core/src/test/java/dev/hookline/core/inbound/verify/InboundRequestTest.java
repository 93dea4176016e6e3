package dev.hookline.core.inbound.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InboundRequestTest {

    @Test
    void headersAreCaseInsensitiveAndStoredLowerCase() {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("X-Thing", List.of("a"));
        h.put("x-thing", List.of("b"));
        h.put("Content-Type", List.of("application/json; charset=utf-8"));
        var r = new InboundRequest("post", "https://x/", h, new byte[0], "1.2.3.4", null);
        assertEquals(List.of("a", "b"), r.headerValues("X-THING"));
        assertEquals(Optional.of("a"), r.header("x-Thing"));
        assertTrue(r.headers().containsKey("x-thing"));
        assertFalse(r.headers().containsKey("X-Thing"));
        assertEquals("POST", r.method());
        assertTrue(r.hasContentType("application/json"));
        assertEquals(Map.of(), r.formParams());
    }

    @Test
    void formParamsAreParsedOnlyForFormBodies() {
        byte[] body = "b=2&a=%2B1&a=x+y&flag".getBytes(StandardCharsets.UTF_8);
        var form = InboundRequest.of("POST", "https://x/", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                body, "");
        assertEquals(Map.of("b", List.of("2"), "a", List.of("+1", "x y"), "flag", List.of("")), form.formParams());
        var json = InboundRequest.of("POST", "https://x/", Map.of("Content-Type", "application/json"), body, "");
        assertEquals(Map.of(), json.formParams());
        var broken = InboundRequest.of("POST", "https://x/",
                Map.of("Content-Type", "application/x-www-form-urlencoded"),
                "a=%zz".getBytes(StandardCharsets.UTF_8), "");
        assertEquals(Map.of(), broken.formParams());
    }

    @Test
    void bodyIsCopiedAndToStringRedacts() {
        byte[] body = "secret-body".getBytes(StandardCharsets.UTF_8);
        var r = InboundRequest.of("POST", "https://x/in?token=abc", Map.of("Authorization", "Bearer t0ken"), body, "");
        body[0] = 'X';
        assertArrayEquals("secret-body".getBytes(StandardCharsets.UTF_8), r.body());
        r.body()[0] = 'Y';
        assertEquals('s', r.body()[0]);
        assertFalse(r.toString().contains("t0ken"));
        assertFalse(r.toString().contains("abc"));
        assertFalse(r.toString().contains("secret-body"));
        assertEquals(r, InboundRequest.of("POST", "https://x/in?token=abc", Map.of("authorization", "Bearer t0ken"),
                "secret-body".getBytes(StandardCharsets.UTF_8), ""));
    }
}
