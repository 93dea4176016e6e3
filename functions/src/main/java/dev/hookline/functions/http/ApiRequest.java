package dev.hookline.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.ProblemType;
import dev.hookline.core.wire.ApiJson;
import dev.hookline.core.wire.RawJson;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** What a handler needs from an HTTP API (payload 2.0) event, with the body as the exact bytes sent. */
public record ApiRequest(String method, String path, Map<String, String> headers, Map<String, String> query,
                         byte[] body, String requestId, String sourceIp, Map<String, String> pathParameters) {

    public static ApiRequest from(APIGatewayV2HTTPEvent event) {
        var http = event.getRequestContext() == null ? null : event.getRequestContext().getHttp();
        String method = http != null ? http.getMethod() : "GET";
        String path = event.getRawPath() != null ? event.getRawPath() : (http != null ? http.getPath() : "/");
        byte[] body = event.getBody() == null ? new byte[0]
                : event.getIsBase64Encoded() ? Base64.getDecoder().decode(event.getBody())
                : event.getBody().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new java.util.HashMap<>();
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v));
        }
        return new ApiRequest(method, path, Map.copyOf(headers),
                event.getQueryStringParameters() == null ? Map.of() : Map.copyOf(event.getQueryStringParameters()),
                body,
                event.getRequestContext() == null ? null : event.getRequestContext().getRequestId(),
                http == null ? null : http.getSourceIp(),
                event.getPathParameters() == null ? Map.of() : Map.copyOf(event.getPathParameters()));
    }

    /**
     * From the raw payload-2.0 JSON, for handlers that need what the typed event model drops (the mTLS
     * client certificate under requestContext.authentication).
     */
    public static ApiRequest fromJson(JsonNode raw) {
        JsonNode context = raw.path("requestContext");
        JsonNode http = context.path("http");
        String bodyText = raw.path("body").isNull() || raw.path("body").isMissingNode() ? null : raw.path("body").asText();
        byte[] body = bodyText == null ? new byte[0]
                : raw.path("isBase64Encoded").asBoolean(false) ? Base64.getDecoder().decode(bodyText)
                : bodyText.getBytes(StandardCharsets.UTF_8);
        return new ApiRequest(http.path("method").asText("GET"),
                raw.path("rawPath").asText(http.path("path").asText("/")),
                strings(raw.path("headers"), true), strings(raw.path("queryStringParameters"), false), body,
                context.path("requestId").asText(null), http.path("sourceIp").asText(null),
                strings(raw.path("pathParameters"), false));
    }

    private static Map<String, String> strings(JsonNode object, boolean lowerCaseKeys) {
        Map<String, String> out = new java.util.HashMap<>();
        object.fields().forEachRemaining(f -> out.put(lowerCaseKeys ? f.getKey().toLowerCase(java.util.Locale.ROOT) : f.getKey(),
                f.getValue().asText()));
        return Map.copyOf(out);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    public Optional<String> queryParam(String name) {
        return Optional.ofNullable(query.get(name)).filter(v -> !v.isEmpty());
    }

    public Optional<String> bearerToken() {
        return header("authorization")
                .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(v -> v.substring(7).strip());
    }

    /**
     * The body read as the given record of API fields: 415 unless declared JSON, 400 unless a well-formed JSON object,
     * 422 for an unknown field or a value of the wrong JSON type (see {@link ApiJson}).
     */
    public <T> T bodyAs(Class<T> type) {
        requireJson();
        return ApiJson.read(body, type);
    }

    /** The body as a JSON object (415, 400 as for {@link #bodyAs}). */
    public JsonNode bodyTree() {
        requireJson();
        return ApiJson.object(body);
    }

    /** The body's members, each with the exact text it was sent as (415, 400 as for {@link #bodyAs}). */
    public Map<String, RawJson.Value> bodyMembers() {
        requireJson();
        return ApiJson.members(body);
    }

    private void requireJson() {
        if (body.length == 0) {
            throw Problem.of(ProblemType.BAD_REQUEST, "A JSON body is required.").toException();
        }
        ApiJson.requireJsonMediaType(header("content-type").orElse(null));
    }
}
