package dev.hookline.local.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plain HTTP client for the platform's API, as a user with curl would call it. Every exchange is checked against
 * {@code openapi.json} ({@link OpenApiContract}): a response the document does not declare fails the calling test.
 */
public final class Http {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final boolean crashesExpected;

    public Http(URI base) {
        this(base, false);
    }

    private Http(URI base, boolean crashesExpected) {
        this.base = base;
        this.crashesExpected = crashesExpected;
    }

    /**
     * The same client for a test that makes functions die on purpose (fault injection): the gateway's own answer to
     * a crashed function - API Gateway's 500 {@code {"message":"Internal Server Error"}} - is returned to the test
     * unchecked, as no API document declares a crash. Every other exchange is still checked.
     */
    public Http expectingCrashes() {
        return new Http(base, true);
    }

    public record Response(int status, Map<String, java.util.List<String>> headers, String body, byte[] bytes) {
        public Response(int status, Map<String, java.util.List<String>> headers, String body) {
            this(status, headers, body, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON (" + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    public Response get(String path, String key) {
        return send("GET", path, key, null, Map.of());
    }

    public Response post(String path, String key, String body) {
        return send("POST", path, key, body, Map.of());
    }

    public Response send(String method, String path, String key, String body, Map<String, String> headers) {
        return sendBytes(method, path, key, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** As {@link #send}, with a body that need not be text (a form with bytes that are not UTF-8, say). */
    public Response sendBytes(String method, String path, String key, byte[] body, Map<String, String> headers) {
        URI uri = base.resolve(path);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        Map<String, String> sent = new LinkedHashMap<>();
        if (key != null) {
            sent.put("Authorization", "Bearer " + key);
        }
        if (body != null && headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("content-type"))) {
            sent.put("Content-Type", "application/json");
        }
        sent.putAll(headers);
        sent.forEach(b::header);
        HttpResponse<byte[]> r;
        try {
            r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        Map<String, List<String>> responseHeaders = new LinkedHashMap<>(r.headers().map());
        boolean crashed = r.statusCode() == 500
                && "{\"message\":\"Internal Server Error\"}".equals(new String(r.body(), StandardCharsets.UTF_8));
        if (!(crashesExpected && crashed)) {
            OpenApiContract.get().check(new OpenApiContract.Exchange(method, uri, sent, body == null ? new byte[0] : body,
                    r.statusCode(), responseHeaders, r.body()));
        }
        return new Response(r.statusCode(), r.headers().map(), new String(r.body(), StandardCharsets.UTF_8), r.body());
    }
}
