package dev.hookline.functions.api;

import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.ProblemType;
import dev.hookline.functions.console.ConsoleAssets;
import dev.hookline.functions.http.ApiResponse;
import dev.hookline.functions.http.Call;
import dev.hookline.functions.http.Route;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The web console: {@code GET /console/} (the page), {@code GET /console} (a redirect there, so the page's relative
 * URLs resolve under {@code /console/}) and {@code GET /console/assets/{version}/{name}} (its scripts, styles and
 * icon). Public: the page holds no data, and every call it makes to {@code /v1} carries the key the user typed.
 *
 * <p>Every answer forbids sniffing and framing and carries a Content-Security-Policy that allows only this origin's
 * scripts, styles, images and API: no inline script or style, no other host. The page is never cached; assets live
 * under their fingerprint and are immutable.
 */
public final class ConsoleRoutes {
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final ConsoleAssets assets;

    public ConsoleRoutes(ConsoleAssets assets) {
        this.assets = assets;
    }

    public List<Route> routes() {
        return List.of(
                // Route templates ignore a trailing slash, so this one also receives "/console" (and redirects it).
                new Route("GET", "/console/", Route.Access.PUBLIC, this::page),
                new Route("GET", "/console/assets/{version}/{name}", Route.Access.PUBLIC, this::asset));
    }

    private ApiResponse page(Call call) {
        if (!call.request().path().endsWith("/")) {
            // Relative, so it also holds behind a custom domain's base path.
            return secured(new ApiResponse(301, Map.of("location", "console/", "cache-control", "no-store"), null));
        }
        return secured(new ApiResponse(200, Map.of("content-type", "text/html; charset=utf-8",
                "cache-control", "no-store"), assets.page()));
    }

    private ApiResponse asset(Call call) {
        ConsoleAssets.Asset asset = assets.asset(call.param("version"), call.param("name")).orElseThrow(() ->
                Problem.of(ProblemType.NOT_FOUND, "No console asset " + call.param("name") + " in version "
                        + call.param("version") + "; reload the console.").toException());
        return secured(new ApiResponse(200, Map.of("content-type", asset.contentType(), "cache-control", IMMUTABLE),
                asset.body()));
    }

    private static ApiResponse secured(ApiResponse response) {
        Map<String, String> headers = new LinkedHashMap<>(response.headers());
        headers.put("content-security-policy", CSP);
        headers.put("x-content-type-options", "nosniff");
        headers.put("x-frame-options", "DENY");
        headers.put("referrer-policy", "no-referrer");
        headers.put("cross-origin-opener-policy", "same-origin");
        headers.put("cross-origin-resource-policy", "same-origin");
        return new ApiResponse(response.status(), headers, response.body());
    }
}
