package dev.hookline.local.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hookline.local.runtime.LocalFunction;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * Serves the template's HttpApi routes on loopback, turning each request into the payload-2.0 event and
 * the handler's answer back into HTTP, with API Gateway's own answers where it would give them: 404 for no
 * route, 413 above 10 MB, 503 when the function times out, 500 when it throws.
 */
public final class HttpApiServer implements AutoCloseable {
    /** HTTP API's payload limit. */
    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

    private final HttpServer server;
    private final RouteTable routes;
    private final SecureRandom random = new SecureRandom();

    private HttpApiServer(HttpServer server, RouteTable routes) {
        this.server = server;
        this.routes = routes;
    }

    public static HttpApiServer start(String bindHost, int port, RouteTable routes) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(bindHost), port), 128);
        HttpApiServer api = new HttpApiServer(server, routes);
        server.createContext("/", api::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return api;
    }

    public URI baseUri() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().isLoopbackAddress() || address.getAddress().isAnyLocalAddress()
                ? "localhost" : address.getHostString();
        return URI.create("http://" + host + ":" + address.getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            serve(exchange);
        } catch (IOException | RuntimeException e) {
            // The JDK server would drop the connection silently; say what went wrong.
            System.err.println("[local] HTTP API could not answer " + exchange.getRequestURI().getRawPath() + ": " + e);
            throw e;
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        {
            byte[] body = readBounded(exchange.getRequestBody());
            if (body == null) {
                respond(exchange, 413, Map.of("content-type", "application/json"), "{\"message\":\"Request Entity Too Large\"}");
                return;
            }
            URI uri = exchange.getRequestURI();
            String method = exchange.getRequestMethod().toUpperCase(java.util.Locale.ROOT);
            Optional<RouteTable.Match> match = routes.match(method, uri.getRawPath());
            if (match.isEmpty()) {
                respond(exchange, 404, Map.of("content-type", "application/json"), "{\"message\":\"Not Found\"}");
                return;
            }
            GatewayEvents.IncomingRequest incoming = new GatewayEvents.IncomingRequest(method, uri.getRawPath(),
                    uri.getRawQuery(), exchange.getRequestHeaders(), body,
                    exchange.getRemoteAddress().getAddress().getHostAddress(), port(), exchange.getProtocol());
            LocalFunction function = match.get().target().function();
            APIGatewayV2HTTPEvent event = GatewayEvents.build(incoming, match.get().target().route().routeKey(),
                    match.get().pathParameters(), requestId(), Instant.now());
            Object result;
            try {
                result = function.invoke(event);
            } catch (LocalFunction.TimedOut e) {
                respond(exchange, 503, Map.of("content-type", "application/json"), "{\"message\":\"Service Unavailable\"}");
                return;
            } catch (RuntimeException e) {
                System.err.println("[local] " + function.spec().logicalId() + " threw " + e);
                if (e.getCause() instanceof Error error) {
                    error.printStackTrace();
                }
                respond(exchange, 500, Map.of("content-type", "application/json"), "{\"message\":\"Internal Server Error\"}");
                return;
            }
            if (result instanceof APIGatewayV2HTTPResponse response) {
                writeResponse(exchange, response);
            } else {
                respond(exchange, 500, Map.of("content-type", "application/json"), "{\"message\":\"Internal Server Error\"}");
            }
        }
    }

    private static void writeResponse(HttpExchange exchange, APIGatewayV2HTTPResponse response) throws IOException {
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        }
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((k, vs) -> vs.forEach(v -> exchange.getResponseHeaders().add(k, v)));
        }
        if (response.getCookies() != null) {
            response.getCookies().forEach(c -> exchange.getResponseHeaders().add("set-cookie", c));
        }
        byte[] bytes = response.getBody() == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
                : response.getBody().getBytes(StandardCharsets.UTF_8);
        int status = response.getStatusCode() == 0 ? 200 : response.getStatusCode();
        exchange.getResponseHeaders().set("apigw-requestid", "local");
        exchange.sendResponseHeaders(status, status == 204 || status == 304 || bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0 && status != 204 && status != 304) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, Map<String, String> headers, String body) throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The body, or null when it is larger than API Gateway accepts (never truncated). */
    private static byte[] readBounded(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            return null;
        }
        return bytes;
    }

    private String requestId() {
        byte[] raw = new byte[12];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw) + "=";
    }

    public List<RouteTable.Target> targets() {
        return routes.targets();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
