package dev.hookline.functions.api;

import dev.hookline.functions.console.ConsoleAssets;
import dev.hookline.functions.http.ApiRequest;
import dev.hookline.functions.http.ApiResponse;
import dev.hookline.functions.http.Authenticator;
import dev.hookline.functions.http.Router;
import dev.hookline.functions.log.Log;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleRoutesTest {
    private static final ConsoleAssets ASSETS = ConsoleAssets.fromClasspath();
    private static final Router ROUTER = new Router(new ConsoleRoutes(ASSETS).routes(), new Authenticator() {
        @Override
        public boolean isAdmin(String bearer) {
            return false;
        }

        @Override
        public Optional<dev.hookline.core.access.Caller> tenant(String bearer) {
            return Optional.empty();
        }
    }, Log.of("test"));

    private static ApiResponse get(String path) {
        return ROUTER.dispatch(new ApiRequest("GET", path, Map.of(), Map.of(), new byte[0], "r1", "127.0.0.1", Map.of()));
    }

    private static void assertHardened(ApiResponse r) {
        assertEquals("nosniff", r.headers().get("x-content-type-options"));
        assertEquals("DENY", r.headers().get("x-frame-options"));
        String csp = r.headers().get("content-security-policy");
        assertTrue(csp.contains("default-src 'none'") && csp.contains("script-src 'self'") && csp.contains("style-src 'self'")
                && csp.contains("connect-src 'self'") && csp.contains("frame-ancestors 'none'"), csp);
        assertTrue(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval") && !csp.contains("http"), csp);
    }

    @Test
    void thePageIsServedUncachedWithAStrictPolicy() {
        ApiResponse r = get("/console/");
        assertEquals(200, r.status());
        assertEquals("text/html; charset=utf-8", r.headers().get("content-type"));
        assertEquals("no-store", r.headers().get("cache-control"));
        assertHardened(r);
        assertTrue(r.body().contains("assets/" + ASSETS.version() + "/app.js"));
    }

    @Test
    void withoutItsSlashThePathRedirectsRelatively() {
        ApiResponse r = get("/console");
        assertEquals(301, r.status());
        assertEquals("console/", r.headers().get("location"));
        assertNull(r.body());
        assertHardened(r);
    }

    @Test
    void assetsAreImmutableUnderTheirFingerprint() {
        ApiResponse r = get("/console/assets/" + ASSETS.version() + "/app.js");
        assertEquals(200, r.status());
        assertEquals("text/javascript; charset=utf-8", r.headers().get("content-type"));
        assertEquals("public, max-age=31536000, immutable", r.headers().get("cache-control"));
        assertHardened(r);
        assertEquals(ASSETS.assets().get("app.js").body(), r.body());
    }

    @Test
    void anUnknownAssetOrVersionIsAProblem404() {
        for (String path : new String[]{"/console/assets/" + ASSETS.version() + "/nope.js", "/console/assets/0123456789abcdef/app.js",
                "/console/assets/" + ASSETS.version() + "/..%2Fopenapi.json", "/console/other"}) {
            ApiResponse r = get(path);
            assertEquals(404, r.status(), path);
            assertEquals("application/problem+json", r.headers().get("content-type"), path);
        }
    }
}
