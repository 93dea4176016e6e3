package dev.hookline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The management API over the JDK's HttpClient. A refusal (any non-2xx) becomes a {@link CliException} carrying
 * the problem's {@code detail} and field errors; a network failure says which URL could not be reached.
 */
public final class ApiClient {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    private final String key;

    public ApiClient(String base, String key) {
        this.base = base;
        this.key = key;
    }

    public String base() {
        return base;
    }

    public JsonNode get(String path) {
        return send("GET", path, null, Map.of(), TIMEOUT);
    }

    public JsonNode get(String path, Duration timeout) {
        return send("GET", path, null, Map.of(), timeout);
    }

    public JsonNode post(String path, JsonNode body) {
        return send("POST", path, body == null ? null : body.toString(), Map.of(), TIMEOUT);
    }

    public JsonNode post(String path, String body, Map<String, String> headers) {
        return send("POST", path, body, headers, TIMEOUT);
    }

    public JsonNode patch(String path, JsonNode body) {
        return send("PATCH", path, body.toString(), Map.of(), TIMEOUT);
    }

    public JsonNode delete(String path) {
        return send("DELETE", path, null, Map.of(), TIMEOUT);
    }

    /** The JSON answer of a 2xx (null for 204); throws with the problem's detail otherwise. */
    public JsonNode send(String method, String path, String body, Map<String, String> headers, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Authorization", "Bearer " + key).header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw CliException.failed("No answer from " + base + " within " + timeout.toSeconds() + " s (" + method + " " + path + ").");
        } catch (ConnectException e) {
            throw CliException.failed("Cannot reach " + base + " (" + (e.getMessage() == null ? "connection refused" : e.getMessage())
                    + "). Is the URL right, and the platform up?");
        } catch (IOException e) {
            throw CliException.failed("The call to " + base + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failed("Interrupted.");
        }
        if (response.statusCode() / 100 != 2) {
            throw CliException.failed(refusal(response));
        }
        if (response.body() == null || response.body().isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw CliException.failed("The API answered " + response.statusCode() + " with a body that is not JSON.");
        }
    }

    /** "detail" and the field errors of a problem+json answer, else the status. */
    static String refusal(HttpResponse<String> response) {
        try {
            JsonNode problem = JSON.readTree(response.body());
            if (problem != null && problem.hasNonNull("detail")) {
                StringBuilder out = new StringBuilder(problem.get("detail").asText());
                problem.path("errors").forEach(e -> out.append("\n  ").append(e.path("field").asText()).append(": ")
                        .append(e.path("message").asText()));
                return out.toString();
            }
        } catch (IOException | RuntimeException notProblem) {
            // answered below
        }
        return "The API answered " + response.statusCode() + (response.statusCode() == 404 ? " (not found)" : "") + ".";
    }

    /** {@code ?a=1&b=2} of the non-null values, encoded; empty when there are none. */
    public static String query(Object... namesAndValues) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                params.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        if (params.isEmpty()) {
            return "";
        }
        StringJoiner q = new StringJoiner("&", "?", "");
        params.forEach((k, v) -> q.add(k + "=" + URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8)));
        return q.toString();
    }

    /** A path segment from user input (an id), encoded so it cannot leave its place in the path. */
    public static String seg(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
