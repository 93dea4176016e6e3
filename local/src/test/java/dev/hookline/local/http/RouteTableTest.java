package dev.hookline.local.http;

import dev.hookline.local.template.FunctionSpec.HttpRoute;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HTTP API route selection: most specific path first, exact method before ANY. */
class RouteTableTest {
    private RouteTable table;

    @BeforeEach
    void setUp() {
        table = new RouteTable();
        // The function does not take part in selection; routes are what is matched.
        for (String[] r : new String[][]{
                {"ANY", "/v1/{proxy+}"},
                {"GET", "/v1/{resource}"},
                {"GET", "/v1/tenants"},
                {"GET", "/health"},
                {"ANY", "/in/{token}"},
                {"POST", "/in/{token}"},
                {"GET", "/v1/endpoints/{id}/stats"},
                {"GET", "/files/{path+}"},
        }) {
            table.add(null, new HttpRoute(r[0] + r[1], r[0], r[1]));
        }
    }

    private String routeKey(String method, String path) {
        return table.match(method, path).map(m -> m.target().route().routeKey()).orElse("<none>");
    }

    private Map<String, String> params(String method, String path) {
        return table.match(method, path).orElseThrow().pathParameters();
    }

    @Test
    void aLiteralPathBeatsAParameterWhichBeatsAGreedyParameter() {
        assertEquals("GET /v1/tenants", routeKey("GET", "/v1/tenants"));
        assertEquals("GET /v1/{resource}", routeKey("GET", "/v1/endpoints"));
        assertEquals(Map.of("resource", "endpoints"), params("GET", "/v1/endpoints"));
        assertEquals("ANY /v1/{proxy+}", routeKey("GET", "/v1/endpoints/ep_1/deliveries"));
        assertEquals("GET /v1/endpoints/{id}/stats", routeKey("GET", "/v1/endpoints/ep_1/stats"));
        assertEquals(Map.of("id", "ep_1"), params("GET", "/v1/endpoints/ep_1/stats"));
    }

    @Test
    void anExactMethodBeatsAny() {
        assertEquals("POST /in/{token}", routeKey("POST", "/in/tok_1"));
        assertEquals("ANY /in/{token}", routeKey("PUT", "/in/tok_1"));
        assertEquals(Map.of("token", "tok_1"), params("POST", "/in/tok_1"));
    }

    @Test
    void aRouteWhoseMethodDiffersFallsBackToAnyOrNothing() {
        assertEquals("ANY /v1/{proxy+}", routeKey("DELETE", "/v1/tenants"), "GET /v1/tenants does not take DELETE");
        assertEquals(Map.of("proxy", "tenants"), params("DELETE", "/v1/tenants"));
        assertEquals("<none>", routeKey("POST", "/health"));
    }

    @Test
    void noMatchingRouteIsEmpty() {
        assertTrue(table.match("GET", "/nope").isEmpty());
        assertTrue(table.match("GET", "/").isEmpty());
        assertTrue(table.match("GET", "/healthz").isEmpty());
        assertTrue(table.match("GET", "/health/deep").isEmpty(), "a literal route matches its whole path only");
        assertTrue(table.match("POST", "/in").isEmpty(), "{token} needs a segment");
        assertTrue(table.match("GET", "/v1").isEmpty(), "{proxy+} needs at least one segment");
        assertTrue(table.match("POST", "/in/a/b").isEmpty(), "{token} is one segment, not greedy");
    }

    @Test
    void aGreedyParameterCapturesTheRestOfThePath() {
        assertEquals(Map.of("proxy", "endpoints/ep_1/deliveries"), params("GET", "/v1/endpoints/ep_1/deliveries"));
        assertEquals(Map.of("proxy", "a/b/c/d"), params("PATCH", "/v1/a/b/c/d"));
        assertEquals(Map.of("path", "docs/2026/report.pdf"), params("GET", "/files/docs/2026/report.pdf"));
    }

    @Test
    void pathParametersArePercentDecoded() {
        assertEquals(Map.of("token", "a b"), params("POST", "/in/a%20b"));
        assertEquals(Map.of("token", "a+b"), params("POST", "/in/a+b"), "'+' in a path is a plus, not a space");
    }

    @Test
    void anEmptyTableMatchesNothing() {
        assertEquals(Optional.empty(), new RouteTable().match("GET", "/health"));
    }
}
