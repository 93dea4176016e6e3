package dev.hookline.local.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local HTTP API builds the payload-format 2.0 event API Gateway would hand the function. */
class GatewayEventsTest {
    private static final Instant NOW = Instant.parse("2026-11-24T09:14:27.123Z");
    private static final String REQUEST_ID = "TbW2xhFtoAMEbWQ=";

    private static APIGatewayV2HTTPEvent build(String method, String rawPath, String rawQuery,
                                               Map<String, List<String>> headers, byte[] body) {
        return build(method, rawPath, rawQuery, headers, body, "POST /in/{token}", Map.of());
    }

    private static APIGatewayV2HTTPEvent build(String method, String rawPath, String rawQuery,
                                               Map<String, List<String>> headers, byte[] body, String routeKey,
                                               Map<String, String> pathParameters) {
        var in = new GatewayEvents.IncomingRequest(method, rawPath, rawQuery, headers, body, "203.0.113.17", 3000,
                "HTTP/1.1");
        return GatewayEvents.build(in, routeKey, pathParameters, REQUEST_ID, NOW);
    }

    private static Map<String, List<String>> headers(String... nameValues) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            out.computeIfAbsent(nameValues[i], k -> new java.util.ArrayList<>()).add(nameValues[i + 1]);
        }
        return out;
    }

    @Test
    void versionRouteKeyAndRequestContextAreThoseOfPayloadTwo() {
        APIGatewayV2HTTPEvent e = build("POST", "/in/tok_abc", null,
                headers("Host", "localhost:3000", "User-Agent", "Stripe/1.0", "Content-Type", "application/json"),
                "{}".getBytes(StandardCharsets.UTF_8), "POST /in/{token}", Map.of("token", "tok_abc"));

        assertEquals("2.0", e.getVersion());
        assertEquals("POST /in/{token}", e.getRouteKey());
        var ctx = e.getRequestContext();
        assertEquals("POST /in/{token}", ctx.getRouteKey());
        assertEquals("$default", ctx.getStage());
        assertEquals(REQUEST_ID, ctx.getRequestId());
        assertEquals("POST", ctx.getHttp().getMethod());
        assertEquals("/in/tok_abc", ctx.getHttp().getPath());
        assertEquals("HTTP/1.1", ctx.getHttp().getProtocol());
        assertEquals("203.0.113.17", ctx.getHttp().getSourceIp());
        assertEquals("Stripe/1.0", ctx.getHttp().getUserAgent());
        assertEquals(NOW.toEpochMilli(), ctx.getTimeEpoch());
        assertEquals("24/Nov/2026:09:14:27 +0000", ctx.getTime());
        assertEquals("localhost:3000", ctx.getDomainName());
        assertEquals(Map.of("token", "tok_abc"), e.getPathParameters());
    }

    @Test
    void timeIsTheCommonLogFormatInUtcWithEnglishMonthNames() {
        Locale previous = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            var in = new GatewayEvents.IncomingRequest("GET", "/health", null, Map.of(), new byte[0], "127.0.0.1", 3000, "HTTP/1.1");
            APIGatewayV2HTTPEvent e = GatewayEvents.build(in, "GET /health", Map.of(), "r", Instant.parse("2026-03-05T23:04:05Z"));
            assertEquals("05/Mar/2026:23:04:05 +0000", e.getRequestContext().getTime());
            assertTrue(e.getRequestContext().getTime().matches("\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000"));
        } finally {
            Locale.setDefault(previous);
        }
    }

    @Test
    void headerNamesAreLowerCasedAndRepeatedValuesCommaJoined() {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("X-Custom-Thing", List.of("a", "b"));
        h.put("x-custom-thing", List.of("c"));
        h.put("Webhook-Signature", List.of("v1,abc="));
        h.put("Content-Type", List.of("application/json"));
        APIGatewayV2HTTPEvent e = build("POST", "/in/t", null, h, new byte[0]);

        e.getHeaders().keySet().forEach(name -> assertEquals(name.toLowerCase(Locale.ROOT), name, "header names are lower case"));
        assertEquals("a,b,c", e.getHeaders().get("x-custom-thing"));
        assertEquals("v1,abc=", e.getHeaders().get("webhook-signature"));
        assertEquals("application/json", e.getHeaders().get("content-type"));
    }

    @Test
    void cookiesMoveFromTheHeaderToTheCookiesList() {
        APIGatewayV2HTTPEvent e = build("GET", "/v1/endpoints", null,
                headers("Cookie", "session=abc; theme=dark", "Cookie", "lang=en", "Accept", "application/json"), new byte[0]);
        assertEquals(List.of("session=abc", "theme=dark", "lang=en"), e.getCookies());
        assertFalse(e.getHeaders().containsKey("cookie"), "the cookie header is removed: " + e.getHeaders());
        assertFalse(e.getHeaders().containsKey("Cookie"));
        assertEquals("application/json", e.getHeaders().get("accept"));
    }

    @Test
    void noCookiesMeansNoCookiesField() {
        APIGatewayV2HTTPEvent e = build("GET", "/health", null, headers("Accept", "*/*"), new byte[0]);
        assertNull(e.getCookies());
    }

    @Test
    void rawPathAndRawQueryStringStayPercentEncoded() {
        APIGatewayV2HTTPEvent e = build("GET", "/in/a%2Fb%20c", "q=hello%20world&next=%2Fv1%3Fx%3D1", Map.of(), new byte[0]);
        assertEquals("/in/a%2Fb%20c", e.getRawPath());
        assertEquals("/in/a%2Fb%20c", e.getRequestContext().getHttp().getPath());
        assertEquals("q=hello%20world&next=%2Fv1%3Fx%3D1", e.getRawQueryString());
    }

    @Test
    void queryParametersAreDecodedAndRepeatedValuesCommaJoined() {
        APIGatewayV2HTTPEvent e = build("GET", "/v1/deliveries", "status=failed&status=dead_lettered&q=hello%20world&flag&e=",
                Map.of(), new byte[0]);
        Map<String, String> q = e.getQueryStringParameters();
        assertEquals("failed,dead_lettered", q.get("status"));
        assertEquals("hello world", q.get("q"));
        assertEquals("", q.get("flag"));
        assertEquals("", q.get("e"));
        assertEquals("status=failed&status=dead_lettered&q=hello%20world&flag&e=", e.getRawQueryString());
    }

    @Test
    void noQueryMeansAnEmptyRawQueryStringAndNoParameters() {
        APIGatewayV2HTTPEvent e = build("GET", "/health", null, Map.of(), new byte[0]);
        assertEquals("", e.getRawQueryString());
        assertNull(e.getQueryStringParameters());
        assertNull(e.getPathParameters(), "no path parameters means no pathParameters field");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "text/plain", "text/csv",
            "application/xml", "application/javascript", "APPLICATION/JSON"})
    void textBodiesArePassedAsIs(String contentType) {
        String body = "{\"name\":\"acme\",\"emoji\":\"\u00e9\u2713\"}";
        APIGatewayV2HTTPEvent e = build("POST", "/in/t", null, headers("Content-Type", contentType),
                body.getBytes(StandardCharsets.UTF_8));
        assertEquals(body, e.getBody());
        assertFalse(e.getIsBase64Encoded(), contentType);
    }

    /** As API Gateway HTTP APIs do (forms too: see docs/engine-differences.md). */
    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencoded", "application/x-ndjson", "application/cloudevents+json",
            "application/problem+json", "multipart/form-data; boundary=x"})
    void otherTextLikeTypesArriveBase64EncodedWithTheirBytesIntact(String contentType) {
        String body = "payload=%7B%22a%22%3A1%7D&token=x+y";
        APIGatewayV2HTTPEvent e = build("POST", "/in/t", null, headers("Content-Type", contentType),
                body.getBytes(StandardCharsets.UTF_8));
        assertTrue(e.getIsBase64Encoded(), contentType);
        assertEquals(body, new String(Base64.getDecoder().decode(e.getBody()), StandardCharsets.UTF_8));
    }

    /** The finding: byte 0xFF in a JSON body was replaced, and the sender's signature no longer matched. */
    @Test
    void aTextBodyThatIsNotUtf8ArrivesBase64EncodedSoNoByteIsLost() {
        byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'};
        APIGatewayV2HTTPEvent e = build("POST", "/in/t", null, headers("Content-Type", "application/json"), body);
        assertTrue(e.getIsBase64Encoded());
        assertArrayEquals(body, Base64.getDecoder().decode(e.getBody()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/octet-stream", "image/png", "application/gzip", "application/protobuf"})
    void binaryBodiesAreBase64Encoded(String contentType) {
        byte[] body = {0x1f, (byte) 0x8b, 0x08, 0x00, (byte) 0xff, 0x00, 0x7f};
        APIGatewayV2HTTPEvent e = build("POST", "/in/t", null, headers("Content-Type", contentType), body);
        assertTrue(e.getIsBase64Encoded(), contentType);
        assertEquals(Base64.getEncoder().encodeToString(body), e.getBody());
        assertArrayEquals(body, Base64.getDecoder().decode(e.getBody()));
    }

    @Test
    void aBodyWithoutContentTypeIsTreatedAsBinary() {
        byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
        APIGatewayV2HTTPEvent e = build("POST", "/in/t", null, Map.of(), body);
        assertTrue(e.getIsBase64Encoded());
        assertEquals("aGVsbG8=", e.getBody());
    }

    @Test
    void anEmptyBodyIsAbsentAndNotBase64() {
        APIGatewayV2HTTPEvent e = build("GET", "/health", null, headers("Content-Type", "application/octet-stream"), new byte[0]);
        assertNull(e.getBody());
        assertFalse(e.getIsBase64Encoded());
    }

    @Test
    void forwardingHeadersAreAddedAsApiGatewayDoes() {
        APIGatewayV2HTTPEvent e = build("GET", "/health", null, headers("Host", "localhost:3000"), new byte[0]);
        assertEquals("203.0.113.17", e.getHeaders().get("x-forwarded-for"));
        assertEquals("3000", e.getHeaders().get("x-forwarded-port"));
        assertTrue(e.getHeaders().containsKey("x-forwarded-proto"));
        assertTrue(e.getHeaders().get("x-amzn-trace-id").startsWith("Root=1-"), e.getHeaders().get("x-amzn-trace-id"));
    }

    @Test
    void anExistingForwardedForIsExtendedWithTheCallersAddress() {
        APIGatewayV2HTTPEvent e = build("GET", "/health", null, headers("X-Forwarded-For", "198.51.100.1"), new byte[0]);
        assertEquals("198.51.100.1, 203.0.113.17", e.getHeaders().get("x-forwarded-for"));
    }
}
