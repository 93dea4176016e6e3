package dev.hookline.local.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.hookline.local.runtime.LambdaJson;
import dev.hookline.local.runtime.LocalFunction;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Serves the template's HttpApi routes on loopback, turning each request into the payload-2.0 event and the
 * handler's answer back into HTTP, with API Gateway's and Lambda's own answers where they would give them, before
 * the function is called and, where possible, before the body is read:
 *
 * <ul>
 *   <li>431 when the request line and header values exceed 10,240 bytes; 404 for no route (the body unread);
 *       429 from the template's route throttling;</li>
 *   <li>413 {@code Request Entity Too Large} above 10 MB, and 413 {@code Request Too Long} when the event would exceed
 *       Lambda's 6 MB invocation payload: decided from Content-Length before reading when it can be, so a 10 MB
 *       body for a token nobody knows costs nothing;</li>
 *   <li>503 when the function times out, 500 when it throws.</li>
 * </ul>
 *
 * <p>Connections that send no complete request head within a few seconds, or nothing at all, are closed, and at most
 * {@link GatewayLimits#maxConnections()} are open at once. Bodies being turned into events are bounded in total
 * ({@link GatewayLimits#payloadBudgetBytes()}): a request over the budget waits, unread, instead of growing the heap.
 */
public final class HttpApiServer implements AutoCloseable {
    /** HTTP API's payload limit. */
    static final int MAX_BODY_BYTES = (int) GatewayLimits.API_GATEWAY_PAYLOAD;
    /**
     * The bytes one event holds per body byte while it is built and handled: the body, its base64 (4/3) as bytes
     * and as a string, the event JSON, the function's parsed tree and decoded body, the request's own copy.
     */
    private static final int COPIES_PER_EVENT = 8;
    /** Jetty's own ceiling on a request head; the documented measure (line + values) is checked below it. */
    private static final int JETTY_HEAD_CEILING = 32 * 1024;

    private final Server server;
    private final ServerConnector connector;
    private final RouteTable routes;
    private final GatewayLimits limits;
    private final RouteThrottle throttle;
    private final Semaphore payloadBudgetKib;
    private final Map<Connection, Long> awaitingHead = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reaper;
    private final SecureRandom random = new SecureRandom();

    private HttpApiServer(String bindHost, int port, RouteTable routes, GatewayLimits limits) {
        this.routes = routes;
        this.limits = limits;
        this.throttle = new RouteThrottle(limits.throttleRate(), limits.throttleBurst());
        this.payloadBudgetKib = new Semaphore((int) Math.min(Integer.MAX_VALUE, limits.payloadBudgetBytes() / 1024));

        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("local-http-api");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(JETTY_HEAD_CEILING);
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // While a request is handled (waiting for the body budget, reading, the function running) its connection
        // may be quiet for longer than an idle one: API Gateway waits up to 30 s for an integration.
        http.setIdleTimeout(Math.max(60_000, limits.idleTimeout().toMillis()));
        this.connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(bindHost);
        connector.setPort(port);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        connector.setAcceptQueueSize(128);
        connector.addEventListener(new Connection.Listener() {
            @Override
            public void onOpened(Connection connection) {
                awaitingHead.put(connection, System.nanoTime());
            }

            @Override
            public void onClosed(Connection connection) {
                awaitingHead.remove(connection);
            }
        });
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
        server.setErrorHandler(new JsonErrors());
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                return serve(request, response, callback);
            }
        });
        this.reaper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("local-http-reaper").factory());
    }

    public static HttpApiServer start(String bindHost, int port, RouteTable routes) throws IOException {
        return start(bindHost, port, routes, GatewayLimits.defaults());
    }

    public static HttpApiServer start(String bindHost, int port, RouteTable routes, GatewayLimits limits) throws IOException {
        HttpApiServer api = new HttpApiServer(bindHost, port, routes, limits);
        try {
            api.server.start();
        } catch (Exception e) {
            api.close();
            throw new IOException("The local HTTP API did not start on " + bindHost + ":" + port, e);
        }
        long period = Math.max(100, limits.requestHeadDeadline().toMillis() / 10);
        api.reaper.scheduleWithFixedDelay(api::closeSlowConnections, period, period, TimeUnit.MILLISECONDS);
        return api;
    }

    public URI baseUri() {
        String host = connector.getHost();
        boolean local = host == null || host.equals("0.0.0.0") || host.equals("::") || host.startsWith("127.")
                || host.equals("localhost") || host.equals("::1");
        return URI.create("http://" + (local ? "localhost" : host) + ":" + port());
    }

    public int port() {
        return connector.getLocalPort();
    }

    public GatewayLimits limits() {
        return limits;
    }

    /** Connections open right now (tests of the slow-client limits). */
    public int openConnections() {
        return awaitingHead.size();
    }

    /** Slow-header clients: a connection with no complete request head within the deadline is closed. */
    private void closeSlowConnections() {
        long deadline = System.nanoTime() - limits.requestHeadDeadline().toNanos();
        awaitingHead.forEach((connection, since) -> {
            if (since != 0 && since < deadline) {
                connection.getEndPoint().close();
            }
        });
    }

    private boolean serve(Request request, Response response, Callback callback) {
        Connection connection = request.getConnectionMetaData().getConnection();
        awaitingHead.replace(connection, 0L); // a complete head came: not a slow-header client
        try {
            answer(request, response, callback);
        } catch (RuntimeException e) {
            System.err.println("[local] HTTP API could not answer " + request.getHttpURI().getPath() + ": " + e);
            gatewayError(response, callback, 500, "Internal Server Error");
        } finally {
            awaitingHead.replace(connection, System.nanoTime()); // the next head's deadline starts now
        }
        return true;
    }

    private void answer(Request request, Response response, Callback callback) {
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        String rawPath = request.getHttpURI().getPath();
        String rawQuery = request.getHttpURI().getQuery();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        long headBytes = method.length() + 1 + utf8Length(rawPath) + (rawQuery == null ? 0 : 1 + utf8Length(rawQuery))
                + 1 + request.getConnectionMetaData().getProtocol().length();
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getName(), n -> new ArrayList<>()).add(field.getValue());
            headBytes += utf8Length(field.getValue());
        }
        if (headBytes > limits.maxRequestLineAndHeaders()) {
            gatewayError(response, callback, 431, "Request Header Fields Too Large");
            return;
        }
        Optional<RouteTable.Match> match = routes.match(method, rawPath);
        if (match.isEmpty()) {
            gatewayError(response, callback, 404, "Not Found"); // the body is never read
            return;
        }
        if (!throttle.tryAcquire(match.get().target().route().routeKey())) {
            gatewayError(response, callback, 429, "Too Many Requests");
            return;
        }
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        long declared = request.getLength();
        if (declared > limits.maxBodyBytes()) {
            gatewayError(response, callback, 413, "Request Entity Too Large");
            return;
        }
        GatewayEvents.IncomingRequest bodiless = new GatewayEvents.IncomingRequest(method, rawPath, rawQuery, headers,
                new byte[0], Request.getRemoteAddr(request), Request.getLocalPort(request),
                request.getConnectionMetaData().getProtocol());
        String requestId = requestId();
        Instant now = Instant.now();
        long eventOverhead = LambdaJson.serializedLength(GatewayEvents.build(bodiless,
                match.get().target().route().routeKey(), match.get().pathParameters(), requestId, now)) + 64;
        if (declared > 0 && eventOverhead + GatewayEvents.leastEncodedLength(contentType, declared) > limits.maxInvocationBytes()) {
            gatewayError(response, callback, 413, "Request Too Long"); // can never fit Lambda's payload: unread
            return;
        }

        long reserve = declared >= 0 ? declared : Math.min(limits.maxBodyBytes(), limits.maxInvocationBytes());
        int permits = (int) Math.min(limits.payloadBudgetBytes() / 1024, Math.max(1, reserve * COPIES_PER_EVENT / 1024));
        boolean held = false;
        try {
            held = reserve == 0 || payloadBudgetKib.tryAcquire(permits, 30, TimeUnit.SECONDS);
            if (!held) {
                gatewayError(response, callback, 503, "Service Unavailable");
                return;
            }
            byte[] body = readBody(request, declared, limits.maxBodyBytes());
            if (body == null) {
                gatewayError(response, callback, 413, "Request Entity Too Large");
                return;
            }
            GatewayEvents.IncomingRequest incoming = new GatewayEvents.IncomingRequest(method, rawPath, rawQuery,
                    headers, body, bodiless.sourceIp(), bodiless.localPort(), bodiless.protocol());
            APIGatewayV2HTTPEvent event = GatewayEvents.build(incoming, match.get().target().route().routeKey(),
                    match.get().pathParameters(), requestId, now);
            if (eventOverhead + encodedLength(event) > limits.maxInvocationBytes()) {
                gatewayError(response, callback, 413, "Request Too Long");
                return;
            }
            invoke(match.get().target().function(), event, response, callback);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            gatewayError(response, callback, 503, "Service Unavailable");
        } catch (IOException e) {
            callback.failed(e); // the client went away mid-body
        } finally {
            if (held && reserve != 0) {
                payloadBudgetKib.release(permits);
            }
        }
    }

    private void invoke(LocalFunction function, APIGatewayV2HTTPEvent event, Response response, Callback callback) {
        Object result;
        try {
            result = function.invoke(event);
        } catch (LocalFunction.TimedOut e) {
            gatewayError(response, callback, 503, "Service Unavailable");
            return;
        } catch (RuntimeException e) {
            System.err.println("[local] " + function.spec().logicalId() + " threw " + e);
            if (e.getCause() instanceof Error error) {
                error.printStackTrace();
            }
            gatewayError(response, callback, 500, "Internal Server Error");
            return;
        }
        if (result instanceof APIGatewayV2HTTPResponse answer) {
            writeResponse(response, answer, callback);
        } else {
            gatewayError(response, callback, 500, "Internal Server Error");
        }
    }

    /** The body's share of the event JSON: its string, quoted and escaped as JSON writes it. */
    private static long encodedLength(APIGatewayV2HTTPEvent event) {
        String body = event.getBody();
        if (body == null) {
            return 0;
        }
        if (event.getIsBase64Encoded()) {
            return body.length() + 2;
        }
        long length = 2;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            length += c == '"' || c == '\\' ? 2 : c < 0x20 ? 6 : c < 0x80 ? 1 : c < 0x800 ? 2
                    : Character.isSurrogate(c) ? 2 : 3;
        }
        return length;
    }

    /**
     * The body, or null when it is larger than API Gateway accepts (never truncated). A declared length is read into
     * one array of that size; a chunked body grows to the limit and no further.
     */
    private static byte[] readBody(Request request, long declared, long max) throws IOException {
        try (InputStream in = Request.asInputStream(request)) {
            if (declared >= 0) {
                byte[] bytes = new byte[(int) declared];
                int read = in.readNBytes(bytes, 0, bytes.length);
                if (read < bytes.length) {
                    throw new java.io.EOFException("the client sent " + read + " of " + declared + " bytes");
                }
                return bytes;
            }
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            return bytes.length > max ? null : bytes;
        }
    }

    private static void writeResponse(Response response, APIGatewayV2HTTPResponse answer, Callback callback) {
        HttpFields.Mutable out = response.getHeaders();
        if (answer.getHeaders() != null) {
            answer.getHeaders().forEach(out::add);
        }
        if (answer.getMultiValueHeaders() != null) {
            answer.getMultiValueHeaders().forEach((k, vs) -> vs.forEach(v -> out.add(k, v)));
        }
        if (answer.getCookies() != null) {
            answer.getCookies().forEach(c -> out.add("set-cookie", c));
        }
        byte[] bytes = answer.getBody() == null ? new byte[0]
                : answer.getIsBase64Encoded() ? Base64.getDecoder().decode(answer.getBody())
                : answer.getBody().getBytes(StandardCharsets.UTF_8);
        int status = answer.getStatusCode() == 0 ? 200 : answer.getStatusCode();
        out.put("apigw-requestid", "local");
        response.setStatus(status);
        boolean noBody = status == 204 || status == 304 || bytes.length == 0;
        if (!noBody) {
            out.put(HttpHeader.CONTENT_LENGTH, bytes.length);
        }
        response.write(true, noBody ? null : ByteBuffer.wrap(bytes), callback);
    }

    /** API Gateway's own answers are JSON {"message": …}. */
    private static void gatewayError(Response response, Callback callback, int status, String message) {
        byte[] bytes = ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.getHeaders().put("apigw-requestid", "local");
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    private static long utf8Length(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
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
        reaper.shutdownNow();
        try {
            server.stop();
        } catch (Exception e) {
            System.err.println("[local] HTTP API did not stop cleanly: " + e);
        }
    }

    /** Jetty's own refusals (a head over its ceiling, a malformed request) as API Gateway words them: JSON. */
    private static final class JsonErrors extends ErrorHandler {
        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            fields.put(HttpHeader.CONTENT_TYPE, "application/json");
            return body(status);
        }

        /** API Gateway's refusals carry no cache directives; Jetty's would add one. */
        @Override
        protected void generateCacheControl(org.eclipse.jetty.server.Response response) {
        }

        /** Jetty 12.1 answers a head over its ceiling through here (as an HTML page unless overridden). */
        @Override
        protected void generateResponse(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                                        int status, String message, Throwable cause, Callback callback) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.write(true, body(status), callback);
        }

        private static ByteBuffer body(int status) {
            String message = status == 431 ? "Request Header Fields Too Large" : status == 414 ? "Request-URI Too Long"
                    : status == 413 ? "Request Entity Too Large" : status == 404 ? "Not Found" : "Bad Request";
            return ByteBuffer.wrap(("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8));
        }
    }
}
