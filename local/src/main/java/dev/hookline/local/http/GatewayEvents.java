package dev.hookline.local.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds the HTTP API payload-format 2.0 event as API Gateway does: raw path and query string, header
 * names lower-cased with repeated values comma-joined, cookies moved out of the headers, query parameters
 * decoded and comma-joined, the body base64-encoded unless its content type is text, and a requestContext
 * with method, path, protocol, source IP, request id, route key and times.
 *
 * <p>Which bodies are text: API Gateway infers it from the content type and does not list the types; checked against
 * AWS by others (see docs/engine-differences.md): {@code text/*}, {@code application/json}, {@code application/xml}
 * and {@code application/javascript} arrive as text, everything else (forms, NDJSON, {@code +json} types, no content
 * type) base64-encoded. A "text" body that is not valid UTF-8 cannot be a JSON string without losing bytes, so it is
 * base64-encoded too: the function always gets the exact bytes sent, which signatures are computed over.
 */
public final class GatewayEvents {
    private static final DateTimeFormatter CLF_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final Set<String> TEXT_TYPES = Set.of("application/json", "application/xml", "application/javascript");

    private GatewayEvents() {
    }

    public record IncomingRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                                  byte[] body, String sourceIp, int localPort, String protocol) {
    }

    public static APIGatewayV2HTTPEvent build(IncomingRequest in, String routeKey, Map<String, String> pathParameters,
                                              String requestId, Instant now) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        in.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("cookie")) {
                values.forEach(v -> {
                    for (String c : v.split(";")) {
                        if (!c.isBlank()) {
                            cookies.add(c.strip());
                        }
                    }
                });
            } else {
                headers.merge(lower, String.join(",", values), (a, b) -> a + "," + b);
            }
        });
        headers.merge("x-forwarded-for", in.sourceIp(), (a, b) -> a + ", " + b);
        headers.put("x-forwarded-proto", "http");
        headers.put("x-forwarded-port", Integer.toString(in.localPort()));
        headers.putIfAbsent("x-amzn-trace-id", "Root=1-" + Long.toHexString(now.getEpochSecond()) + "-"
                + String.format("%024x", new java.math.BigInteger(1, requestId.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 24));

        String host = headers.getOrDefault("host", "localhost");
        String domainPrefix = host.contains(".") ? host.substring(0, host.indexOf('.')) : host.split(":")[0];

        var http = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                .withMethod(in.method())
                .withPath(in.rawPath())
                .withProtocol(in.protocol())
                .withSourceIp(in.sourceIp())
                .withUserAgent(headers.getOrDefault("user-agent", ""))
                .build();
        var context = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withAccountId("000000000000")
                .withApiId("local")
                .withDomainName(host)
                .withDomainPrefix(domainPrefix)
                .withHttp(http)
                .withRequestId(requestId)
                .withRouteKey(routeKey)
                .withStage("$default")
                .withTime(CLF_TIME.format(now))
                .withTimeEpoch(now.toEpochMilli())
                .build();

        boolean text = isText(headers.get("content-type")) && isUtf8(in.body());
        String body = in.body().length == 0 ? null
                : text ? new String(in.body(), StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(in.body());

        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(in.rawPath())
                .withRawQueryString(in.rawQuery() == null ? "" : in.rawQuery())
                .withCookies(cookies.isEmpty() ? null : cookies)
                .withHeaders(headers)
                .withQueryStringParameters(query(in.rawQuery()))
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withRequestContext(context)
                .withBody(body)
                .withIsBase64Encoded(body != null && !text)
                .build();
    }

    static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || TEXT_TYPES.contains(type);
    }

    static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    /**
     * The least the body adds to the event's JSON, from its length alone: its own bytes as a text string, four
     * thirds of them in base64. Enough to refuse a body that can never fit Lambda's payload before reading it.
     */
    static long leastEncodedLength(String contentType, long bodyLength) {
        long base64 = 4 * ((bodyLength + 2) / 3);
        return isText(contentType) ? bodyLength : base64;
    }

    private static Map<String, String> query(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.merge(name, value, (a, b) -> a + "," + b);
        }
        return out;
    }
}
