package dev.hookline.core.inbound.verify;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small builders shared by the scheme tests. */
final class Requests {

    static final String URL = "https://in.hookline.dev/v1/in/src_123";

    private Requests() {
    }

    static InboundRequest post(Map<String, String> headers, String body) {
        return post(URL, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    static InboundRequest post(String url, Map<String, String> headers, byte[] body) {
        return InboundRequest.of("POST", url, headers, body, "203.0.113.7");
    }

    static Map<String, String> headers(String... namesAndValues) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            out.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return out;
    }

    static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> out = new LinkedHashMap<>(headers);
        out.put(name, value);
        return out;
    }

    static Map<String, String> without(Map<String, String> headers, String name) {
        Map<String, String> out = new LinkedHashMap<>(headers);
        out.keySet().removeIf(k -> k.equalsIgnoreCase(name));
        return out;
    }

    static String hmacHex(HmacAlgorithm alg, String secret, String content) {
        return HexFormat.of().formatHex(mac(alg, secret, content));
    }

    static String hmacBase64(HmacAlgorithm alg, String secret, String content) {
        return Base64.getEncoder().encodeToString(mac(alg, secret, content));
    }

    static Instant at(long epochSecond) {
        return Instant.ofEpochSecond(epochSecond);
    }

    private static byte[] mac(HmacAlgorithm alg, String secret, String content) {
        return alg.mac(secret.getBytes(StandardCharsets.UTF_8), content.getBytes(StandardCharsets.UTF_8));
    }
}
