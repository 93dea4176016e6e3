package dev.hookline.local.http;

import dev.hookline.local.fixtures.EchoHttpHandler;
import dev.hookline.local.runtime.LocalFunction;
import dev.hookline.local.template.FunctionSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local HTTP API against what API Gateway HTTP APIs and Lambda do at their edge (docs/engine-differences.md):
 * sizes of the request head and body, Lambda's invocation payload, route throttling, which bodies arrive base64,
 * slow and idle connections, and no body read for a request that cannot be served. Raw sockets, so every byte sent
 * (and not sent) is the test's.
 */
@Timeout(60)
class GatewayFidelityTest {
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private HttpApiServer server(GatewayLimits limits) throws IOException {
        FunctionSpec spec = new FunctionSpec("Echo", EchoHttpHandler.class.getName(), "handleRequest", 10, 256,
                "unused", "java25", Map.of(), List.of(new FunctionSpec.HttpRoute("Echo", "ANY", "/echo/{proxy+}")),
                List.of(), List.of(), List.of());
        LocalFunction function = new LocalFunction(spec, Map.of(), null);
        open.add(function);
        RouteTable routes = new RouteTable();
        spec.httpRoutes().forEach(r -> routes.add(function, r));
        HttpApiServer server = HttpApiServer.start("127.0.0.1", 0, routes, limits);
        open.add(server);
        return server;
    }

    private HttpApiServer server() throws IOException {
        return server(GatewayLimits.defaults());
    }

    // ------------------------------------------------------------------ request line and headers: 10,240 bytes

    @Test
    void theRequestLineAndHeaderValuesMayTakeExactlyTenThousandTwoHundredFortyBytes() throws Exception {
        HttpApiServer api = server();
        String line = "GET /echo/x HTTP/1.1";
        int used = "GET".length() + 1 + "/echo/x".length() + 1 + "HTTP/1.1".length() + "h".length();
        String fill = "v".repeat(GatewayLimits.API_GATEWAY_REQUEST_LINE_AND_HEADERS - used);

        Reply atLimit = exchange(api, line + "\r\nHost: h\r\nX-Fill: " + fill + "\r\n\r\n");
        Reply over = exchange(api, line + "\r\nHost: h\r\nX-Fill: " + fill + "v\r\n\r\n");

        assertEquals(200, atLimit.status(), atLimit.body());
        assertEquals(431, over.status(), over.body());
        assertEquals("{\"message\":\"Request Header Fields Too Large\"}", over.body());
    }

    @Test
    void aLongQueryStringCountsAsRequestLine() throws Exception {
        HttpApiServer api = server();
        int before = EchoHttpHandler.INVOCATIONS.get();

        Reply twelveKib = exchange(api, "GET /echo/x?q=" + "a".repeat(12 * 1024) + " HTTP/1.1\r\nHost: h\r\n\r\n");
        Reply hundredKib = exchange(api, "GET /echo/x?q=" + "a".repeat(100 * 1024) + " HTTP/1.1\r\nHost: h\r\n\r\n");

        assertEquals(431, twelveKib.status(), twelveKib.body());
        assertTrue(hundredKib.status() == 414 || hundredKib.status() == 431, "refused: " + hundredKib.status());
        assertEquals(before, EchoHttpHandler.INVOCATIONS.get(), "the function was never called");
    }

    @Test
    void threeHundredKibOfHeadersAreRefused() throws Exception {
        HttpApiServer api = server();
        StringBuilder head = new StringBuilder("GET /echo/x HTTP/1.1\r\nHost: h\r\n");
        for (int i = 0; i < 300; i++) {
            head.append("X-H").append(i).append(": ").append("v".repeat(1000)).append("\r\n");
        }

        Reply reply = exchange(api, head + "\r\n");

        assertEquals(431, reply.status(), reply.body());
    }

    // ------------------------------------------------------------------ bodies: 10 MB, and Lambda's 6 MB

    @Test
    void overTenMegabytesIs413BeforeTheBodyIsSent() throws Exception {
        HttpApiServer api = server();

        Reply reply = exchange(api, post("/echo/x", "application/octet-stream", GatewayLimits.API_GATEWAY_PAYLOAD + 1));

        assertEquals(413, reply.status());
        assertEquals("{\"message\":\"Request Entity Too Large\"}", reply.body());
    }

    /** A 7 MB text body fits API Gateway's 10 MB but never Lambda's 6 MB payload: refused unread, not transcoded. */
    @Test
    void aBodyThatCanNeverFitLambdasPayloadIs413BeforeItIsSent() throws Exception {
        HttpApiServer api = server();
        int before = EchoHttpHandler.INVOCATIONS.get();

        Reply text = exchange(api, post("/echo/x", "application/json", 7L * 1024 * 1024));
        Reply binary = exchange(api, post("/echo/x", "application/octet-stream", 5L * 1024 * 1024)); // 6.7 MB as base64

        assertEquals(413, text.status());
        assertEquals("{\"message\":\"Request Too Long\"}", text.body());
        assertEquals(413, binary.status());
        assertEquals(before, EchoHttpHandler.INVOCATIONS.get());
    }

    @Test
    void aBodyThatFitsReachesTheFunctionByteForByte() throws Exception {
        HttpApiServer api = server();
        byte[] body = new byte[4 * 1024 * 1024];
        new java.util.Random(4).nextBytes(body);

        Reply reply = exchange(api, head("POST", "/echo/x", "application/octet-stream", body.length), body);

        assertEquals(200, reply.status(), reply.body());
        assertTrue(reply.body().contains("\"sha256\":\"" + EchoHttpHandler.sha256(body) + "\""), reply.body());
        assertTrue(reply.body().contains("\"base64\":true"), reply.body());
    }

    /** No route: 404 at once, and the body is never read (the client has not even sent it). */
    @Test
    void anUnknownRouteIs404WithoutReadingTheBody() throws Exception {
        HttpApiServer api = server();

        Reply reply = exchange(api, post("/nowhere", "application/json", 10L * 1024 * 1024));

        assertEquals(404, reply.status());
        assertEquals("{\"message\":\"Not Found\"}", reply.body());
    }

    // ------------------------------------------------------------------ text or base64

    @Test
    void jsonArrivesAsTextAndNonUtf8BytesArriveBase64Intact() throws Exception {
        HttpApiServer api = server();
        byte[] utf8 = "{\"caf\u00e9\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] notUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'};

        Reply text = exchange(api, head("POST", "/echo/x", "application/json", utf8.length), utf8);
        Reply raw = exchange(api, head("POST", "/echo/x", "application/json", notUtf8.length), notUtf8);
        byte[] form = "a=1&b=%C3%A9".getBytes(StandardCharsets.US_ASCII);
        Reply formReply = exchange(api, head("POST", "/echo/x", "application/x-www-form-urlencoded", form.length), form);

        assertTrue(text.body().contains("\"base64\":false") && text.body().contains(EchoHttpHandler.sha256(utf8)), text.body());
        assertTrue(raw.body().contains("\"base64\":true") && raw.body().contains(EchoHttpHandler.sha256(notUtf8)), raw.body());
        assertTrue(formReply.body().contains("\"base64\":true") && formReply.body().contains(EchoHttpHandler.sha256(form)),
                formReply.body());
    }

    // ------------------------------------------------------------------ throttling

    @Test
    void aRouteOverItsThrottleGets429() throws Exception {
        HttpApiServer api = server(GatewayLimits.defaults().withThrottle(0.1, 3));

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            statuses.add(exchange(api, "GET /echo/x HTTP/1.1\r\nHost: h\r\n\r\n").status());
        }

        assertEquals(List.of(200, 200, 200, 429, 429), statuses);
    }

    // ------------------------------------------------------------------ slow and idle connections

    /** Slowloris: fifty connections dripping a header byte every 200 ms are all closed at the head deadline. */
    @Test
    void connectionsThatNeverFinishTheirHeadAreClosed() throws Exception {
        HttpApiServer api = server(GatewayLimits.defaults().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(30)));
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Socket s = new Socket(InetAddress.getLoopbackAddress(), api.port());
            s.getOutputStream().write("GET /echo/x HTTP/1.1\r\nHost: h\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            slow.add(s);
            open.add(s);
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int closed = 0;
        while (closed < slow.size() && System.nanoTime() < deadline) {
            closed = 0;
            for (Socket s : slow) {
                if (isClosedByPeer(s)) {
                    closed++;
                }
            }
            Thread.sleep(200);
        }

        assertEquals(slow.size(), closed, "every slow-header connection was closed by the gateway");
        assertEquals(200, exchange(api, "GET /echo/x HTTP/1.1\r\nHost: h\r\n\r\n").status(), "and it still serves");
    }

    @Test
    void anIdleConnectionIsClosed() throws Exception {
        HttpApiServer api = server(GatewayLimits.defaults().withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(1)));
        Socket idle = new Socket(InetAddress.getLoopbackAddress(), api.port());
        open.add(idle);
        idle.setSoTimeout(10_000);

        int read = idle.getInputStream().read(); // blocks until the gateway closes it

        assertEquals(-1, read);
    }

    // ------------------------------------------------------------------ helpers

    record Reply(int status, Map<String, String> headers, String body) {
    }

    private static String head(String method, String path, String contentType, long length) {
        return method + " " + path + " HTTP/1.1\r\nHost: h\r\nContent-Type: " + contentType + "\r\nContent-Length: "
                + length + "\r\n\r\n";
    }

    /** A POST whose body is announced but not sent: an answer can only come from the head. */
    private static String post(String path, String contentType, long length) {
        return head("POST", path, contentType, length);
    }

    private static Reply exchange(HttpApiServer api, String head) throws IOException {
        return exchange(api, head, new byte[0]);
    }

    private static Reply exchange(HttpApiServer api, String head, byte[] body) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), api.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            } catch (SocketException refusedMidWrite) {
                // the gateway answered and closed before taking all of it: read what it said
            }
            return read(socket.getInputStream());
        }
    }

    private static Reply read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        int b;
        while (last4 != 0x0d0a0d0a && (b = in.read()) >= 0) {
            head.write(b);
            last4 = (last4 << 8) | b;
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
            }
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        return new Reply(Integer.parseInt(lines[0].split(" ")[1]), headers,
                new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    private static boolean isClosedByPeer(Socket s) {
        try {
            s.setSoTimeout(1);
            return s.getInputStream().read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
