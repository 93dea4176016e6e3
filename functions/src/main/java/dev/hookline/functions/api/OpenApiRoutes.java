package dev.hookline.functions.api;

import dev.hookline.functions.http.ApiResponse;
import dev.hookline.functions.http.Route;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /openapi.json}: the OpenAPI 3.1 description of the whole HTTP API, read once from the classpath
 * (so a snapshot holds it) and served as is. Public, like {@code /health}.
 */
public final class OpenApiRoutes {
    static final String RESOURCE = "/openapi.json";

    private final String document;

    public OpenApiRoutes() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The OpenAPI document " + RESOURCE + " is not on the classpath");
            }
            this.document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("The OpenAPI document could not be read", e);
        }
    }

    public List<Route> routes() {
        return List.of(new Route("GET", "/openapi.json", Route.Access.PUBLIC,
                call -> new ApiResponse(200, Map.of("content-type", "application/json"), document)));
    }
}
