package dev.hookline.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hookline.core.problem.Problem;

import java.util.LinkedHashMap;
import java.util.Map;

/** A response before it becomes an API Gateway payload: JSON bodies and problem+json errors. */
public record ApiResponse(int status, Map<String, String> headers, String body) {

    public static ApiResponse json(int status, Object value) {
        try {
            return new ApiResponse(status, Map.of("content-type", "application/json"), Json.MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Response could not be serialised", e);
        }
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, Map.of(), null);
    }

    /** The problem+json document of {@code problem}, also what a batch item that failed carries. */
    public static Map<String, Object> problemDocument(Problem problem) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("type", problem.type());
        doc.put("title", problem.title());
        doc.put("status", problem.status());
        doc.put("detail", problem.detail());
        if (!problem.errors().isEmpty()) {
            doc.put("errors", problem.errors());
        }
        return doc;
    }

    public static ApiResponse problem(Problem problem) {
        Map<String, Object> doc = problemDocument(problem);
        try {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("content-type", "application/problem+json");
            if (problem.status() == 401) {
                headers.put("www-authenticate", "Bearer");
            }
            return new ApiResponse(problem.status(), headers, Json.MAPPER.writeValueAsString(doc));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Problem could not be serialised", e);
        }
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiResponse(status, copy, body);
    }

    /** The payload-2.0 response as JSON, for stream handlers. */
    public com.fasterxml.jackson.databind.node.ObjectNode toGatewayJson() {
        var out = Json.MAPPER.createObjectNode();
        out.put("statusCode", status);
        out.set("headers", Json.MAPPER.valueToTree(headers));
        out.put("body", body);
        out.put("isBase64Encoded", false);
        return out;
    }

    public APIGatewayV2HTTPResponse toGateway() {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(headers)
                .withBody(body)
                .withIsBase64Encoded(false)
                .build();
    }
}
