package dev.hookline.infrastructure.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.delivery.OutboundRequest;
import dev.hookline.core.delivery.OutboundResponse;
import dev.hookline.core.outbound.FailureKind;
import dev.hookline.core.outbound.HostResolver;
import dev.hookline.core.outbound.UrlGuard;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Against real loopback servers; a made-up name resolves (through the guard only) to 127.0.0.1. */
@Timeout(30)
class HttpWebhookSenderTest {

    private static final String HOST = "hooks.example.test";
    private static final InetAddress LOOPBACK = Addresses.LOOPBACK;
    private static final InetAddress METADATA = Addresses.METADATA;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final AtomicInteger lookups = new AtomicInteger();
    private final HostResolver resolver = host -> {
        lookups.incrementAndGet();
        if (host.equals(HOST)) {
            return List.of(LOOPBACK);
        }
        throw new UnknownHostException(host);
    };
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private HttpWebhookSender sender;

    @BeforeEach
    void setUp() {
        sender = track(new HttpWebhookSender(new UrlGuard(resolver, true, true)));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeables.reversed()) {
            c.close();
        }
    }

    @Test
    void postsHeadersAndBodyAndReturnsTheAnswer() throws Exception {
        Receiver receiver = track(Receiver.answering(200, "{\"received\":true}"));
        byte[] body = "{\"name\":\"café\",\"n\":1}".getBytes(StandardCharsets.UTF_8);

        OutboundResponse response = sender.send(new OutboundRequest(receiver.url("/hooks/in?x=1"), Map.of(
                "Content-Type", "application/json; charset=utf-8",
                "X-Hookline-Signature", "v1,c2lnbmF0dXJl",
                "X-Hookline-Event", "run.failed"), body, TIMEOUT));

        assertTrue(response.answered(), response::toString);
        assertEquals(200, response.statusCode());
        assertEquals("{\"received\":true}", response.responseExcerpt());
        assertNull(response.retryAfter());
        assertNull(response.error());
        assertTrue(response.latencyMs() >= 0);

        Receiver.Seen seen = receiver.seen().getFirst();
        assertEquals("POST", seen.method());
        assertEquals("/hooks/in?x=1", seen.pathAndQuery());
        assertArrayEquals(body, seen.body());
        assertEquals(List.of("v1,c2lnbmF0dXJl"), seen.headers().get("X-Hookline-Signature"));
        assertEquals(List.of("run.failed"), seen.headers().get("X-Hookline-Event"));
        assertEquals(List.of("application/json; charset=utf-8"), seen.headers().get("Content-Type"));
        assertEquals(List.of(HOST + ":" + receiver.port()), seen.headers().get("Host"));
        assertEquals(List.of(HttpWebhookSender.USER_AGENT), seen.headers().get("User-Agent"));
        assertNull(seen.headers().get("Accept-Encoding"), "no compression negotiated");
        assertNull(seen.headers().get("Cookie"));
    }

    @Test
    void defaultsContentTypeAndKeepsCallersUserAgent() throws Exception {
        Receiver receiver = track(Receiver.answering(204, ""));

        OutboundResponse response = sender.send(new OutboundRequest(receiver.url("/"),
                Map.of("user-agent", "Custom/2.0", "Content-Length", "999"), "{}".getBytes(StandardCharsets.UTF_8),
                TIMEOUT));

        assertEquals(204, response.statusCode(), response::toString);
        assertEquals("", response.responseExcerpt());
        Receiver.Seen seen = receiver.seen().getFirst();
        assertEquals(List.of("Custom/2.0"), seen.headers().get("User-Agent"));
        assertEquals(List.of("application/json"), seen.headers().get("Content-Type"));
        assertEquals(List.of("2"), seen.headers().get("Content-Length"), "the client frames the body, not the map");
    }

    @Test
    void resolvesOncePerSendAndConnectsToThePinnedAddress() throws Exception {
        Receiver receiver = track(Receiver.answering(200, "ok"));

        for (int i = 1; i <= 3; i++) {
            OutboundResponse response = sender.send(request(receiver.url("/"), TIMEOUT));
            assertEquals(200, response.statusCode(), response::toString);
            assertEquals(i, lookups.get(), "one guard lookup per send, none by the HTTP client");
        }
        assertEquals(3, receiver.hits());
    }

    @Test
    void aRebindAfterTheCheckIsNeverUsed() throws Exception {
        Receiver receiver = track(Receiver.answering(200, "ok"));
        AtomicInteger calls = new AtomicInteger();
        // First answer is the vetted one; any later lookup would point at an unreachable private address.
        HostResolver rebinding = host -> List.of(calls.incrementAndGet() == 1 ? LOOPBACK : Addresses.v4(10, 255, 255, 1));
        HttpWebhookSender rebound = track(new HttpWebhookSender(new UrlGuard(rebinding, true, true)));

        OutboundResponse response = rebound.send(request(receiver.url("/"), Duration.ofSeconds(2)));

        assertEquals(200, response.statusCode(), response::toString);
        assertEquals(1, calls.get());
        assertEquals(1, receiver.hits());
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void returnsRedirectsWithoutFollowingThem(int status) throws Exception {
        Receiver elsewhere = track(Receiver.answering(200, "should not be reached"));
        Receiver receiver = track(Receiver.start(exchange -> {
            exchange.getResponseHeaders().add("Location", elsewhere.url("/stolen"));
            Receiver.respond(exchange, status, "moved");
        }));

        OutboundResponse response = sender.send(request(receiver.url("/"), TIMEOUT));

        assertTrue(response.answered(), response::toString);
        assertEquals(status, response.statusCode());
        assertEquals(1, receiver.hits());
        assertEquals(0, elsewhere.hits(), "the Location target must never be requested");
    }

    @Test
    void slowReceiverTimesOutAtTheTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Receiver receiver = track(Receiver.start(exchange -> {
            release.await(20, TimeUnit.SECONDS); // a receiver that has not answered when the timeout passes
            Receiver.respond(exchange, 200, "late");
        }));
        try {
            OutboundResponse response = sender.send(request(receiver.url("/"), Duration.ofMillis(500)));

            // The receiver is still holding its answer: the sender gave up by itself, and not before the timeout.
            assertEquals(FailureKind.TIMEOUT, response.failure(), response::toString);
            assertFalse(response.answered());
            assertTrue(response.latencyMs() >= 500, response::toString);
        } finally {
            release.countDown();
        }
    }

    /** Each byte arrives inside the read timeout, so only the hard deadline can end this. */
    @Test
    void tricklingStatusLineIsCutAtTheDeadline() throws Exception {
        ServerSocket listener = track(new ServerSocket(0, 10, LOOPBACK));
        CountDownLatch trickling = new CountDownLatch(3);
        Thread.ofVirtual().start(() -> {
            try (Socket socket = listener.accept(); OutputStream out = socket.getOutputStream()) {
                out.write("HTTP/1.1 200 OK\r\nX-Trickle: ".getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < 60; i++) { // at most 6 s; a slow peer, each byte inside the read timeout
                    out.write('a');
                    out.flush();
                    trickling.countDown();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                // the client hung up, as it should
            }
        });

        OutboundResponse response = sendPastTheDeadline(request("http://" + HOST + ":" + listener.getLocalPort() + "/",
                Duration.ofMillis(500)), trickling);

        assertEquals(FailureKind.TIMEOUT, response.failure(), response::toString);
        assertEquals("timeout: no complete answer within 500 ms", response.error());
    }

    /**
     * The status arrived in time, but the body never ended before the deadline: an answer that never finished is
     * not an answer (a receiver cannot make a success out of a 200 followed by a stall), so it is a timeout.
     */
    @Test
    void tricklingBodyIsCutAtTheDeadlineAndIsATimeout() throws Exception {
        CountDownLatch trickling = new CountDownLatch(3);
        Receiver receiver = track(Receiver.start(exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked
            OutputStream out = exchange.getResponseBody();
            for (int i = 0; i < 60; i++) { // at most 6 s; a slow peer, each byte inside the read timeout
                out.write('b');
                out.flush();
                trickling.countDown();
                Thread.sleep(100);
            }
        }));

        OutboundResponse response = sendPastTheDeadline(request(receiver.url("/"), Duration.ofMillis(500)), trickling);

        assertEquals(FailureKind.TIMEOUT, response.failure(), response::toString);
        assertEquals("status 200 came, then timeout: no complete answer within 500 ms", response.error());
        assertFalse(response.answered());
        assertTrue(response.headersMs() != null && response.headersMs() <= response.latencyMs(), response::toString);
    }

    /**
     * Sends with a deadline the test controls: once the receiver is trickling ({@code started}), the deadline passes
     * (it must have been armed with the request's timeout) and the send has to end by itself.
     */
    private OutboundResponse sendPastTheDeadline(OutboundRequest request, CountDownLatch started) throws Exception {
        ManualDeadlines deadlines = new ManualDeadlines();
        HttpWebhookSender controlled = track(new HttpWebhookSender(new UrlGuard(resolver, true, true),
                deadlines.timer()));
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<OutboundResponse> send = threads.submit(() -> controlled.send(request));
            assertTrue(started.await(10, TimeUnit.SECONDS), "the receiver started answering");
            assertEquals(request.timeout(), deadlines.pass());
            return send.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void readsOnlyAnExcerptOfAHugeBodyAndDiscardsTheConnection() throws Exception {
        int size = 10 * 1024 * 1024;
        AtomicLong written = new AtomicLong();
        AtomicBoolean writeFailed = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        Receiver receiver = track(Receiver.start(exchange -> {
            if (exchange.getRequestURI().getPath().equals("/small")) {
                Receiver.respond(exchange, 200, "small");
                return;
            }
            try {
                exchange.sendResponseHeaders(200, size);
                byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
                OutputStream out = exchange.getResponseBody();
                for (int i = 0; i < size / chunk.length; i++) {
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                }
                out.flush();
            } catch (IOException e) {
                writeFailed.set(true);
                throw e;
            } finally {
                done.countDown();
            }
        }));

        OutboundResponse response = sender.send(request(receiver.url("/huge"), TIMEOUT));

        assertEquals(200, response.statusCode(), response::toString);
        assertEquals(OutboundResponse.MAX_EXCERPT_BYTES, response.responseExcerpt().length());
        assertTrue(done.await(10, TimeUnit.SECONDS), "the receiver's write should end once the client hangs up");
        assertTrue(writeFailed.get(), "the client drained the body instead of aborting; wrote " + written.get());
        assertTrue(written.get() < size);

        // The aborted connection was not returned to the pool: the next send gets a fresh, working one.
        OutboundResponse next = sender.send(request(receiver.url("/small"), TIMEOUT));
        assertEquals("small", next.responseExcerpt(), next::toString);
    }

    @Test
    void returnsRetryAfter() throws Exception {
        Receiver receiver = track(Receiver.start(exchange -> {
            exchange.getResponseHeaders().add("Retry-After", "7");
            Receiver.respond(exchange, 503, "busy");
        }));

        OutboundResponse response = sender.send(request(receiver.url("/"), TIMEOUT));

        assertEquals(503, response.statusCode(), response::toString);
        assertEquals("7", response.retryAfter());
        assertEquals("busy", response.responseExcerpt());
    }

    @Test
    void refusedConnectionIsAConnectError() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
            closedPort = socket.getLocalPort();
        }

        OutboundResponse response = sender.send(request("http://" + HOST + ":" + closedPort + "/", TIMEOUT));

        assertEquals(FailureKind.CONNECT_ERROR, response.failure(), response::toString);
        assertTrue(response.error().startsWith("connect_error:"), response.error());
    }

    /** A receiver that answers a TLS handshake with plain HTTP, as a misconfigured port would. */
    @Test
    void tlsToAPlainHttpReceiverIsATlsError() throws Exception {
        ServerSocket listener = track(new ServerSocket(0, 10, LOOPBACK));
        Thread.ofVirtual().start(() -> {
            try (Socket socket = listener.accept(); OutputStream out = socket.getOutputStream()) {
                out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                socket.getInputStream().read(new byte[4096]); // hold the socket open until the client gives up
            } catch (IOException e) {
                // the client hung up
            }
        });

        OutboundResponse response = sender.send(
                request("https://" + HOST + ":" + listener.getLocalPort() + "/", TIMEOUT));

        assertEquals(FailureKind.TLS_ERROR, response.failure(), response::toString);
        assertTrue(response.error().startsWith("tls_error:"), response.error());
    }

    @Test
    void metadataAddressIsRefusedBeforeConnecting() {
        HttpWebhookSender guarded = track(new HttpWebhookSender(new UrlGuard(host -> List.of(METADATA), true, true)));

        OutboundResponse response = guarded.send(request("http://metadata.example.test/latest", TIMEOUT));

        assertEquals(FailureKind.UNSAFE_TARGET, response.failure(), response::toString);
        // The guard's refusal is the outcome: a connection attempt would have ended as a connect failure instead.
        assertTrue(response.error().startsWith("metadata_address: "), response.error());
        assertNull(response.headersMs(), response::toString);
    }

    @Test
    void oneUnsafeAddressAmongSafeOnesRefusesTheSend() throws Exception {
        Receiver receiver = track(Receiver.answering(200, "ok"));
        HttpWebhookSender guarded = track(new HttpWebhookSender(
                new UrlGuard(host -> List.of(LOOPBACK, METADATA), true, true)));

        OutboundResponse response = guarded.send(request(receiver.url("/"), TIMEOUT));

        assertEquals(FailureKind.UNSAFE_TARGET, response.failure(), response::toString);
        assertTrue(response.error().startsWith("metadata_address: "), response.error());
        assertEquals(0, receiver.hits());
    }

    @Test
    void strictGuardRefusesALoopbackReceiver() throws Exception {
        Receiver receiver = track(Receiver.answering(200, "ok"));
        HttpWebhookSender strict = track(new HttpWebhookSender(new UrlGuard(resolver, true, false)));

        OutboundResponse response = strict.send(request(receiver.url("/"), TIMEOUT));

        assertEquals(FailureKind.UNSAFE_TARGET, response.failure(), response::toString);
        assertTrue(response.error().startsWith("loopback_address: "), response.error());
        assertEquals(0, receiver.hits());
    }

    @Test
    void parallelSendsDoNotQueueBehindEachOther() throws Exception {
        // Each receiver call holds until all ten are in flight at once: sends queued behind each other never get there.
        CountDownLatch allInFlight = new CountDownLatch(10);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        Receiver receiver = track(Receiver.start(exchange -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            allInFlight.countDown();
            allInFlight.await(10, TimeUnit.SECONDS);
            inFlight.decrementAndGet();
            Receiver.respond(exchange, 200, "ok");
        }));

        List<OutboundResponse> responses = inParallel(10, i -> request(receiver.url("/" + i), TIMEOUT));

        responses.forEach(r -> assertEquals(200, r.statusCode(), r::toString));
        assertEquals(10, mostInFlight.get(), "all ten sends were in flight together");
        assertEquals(10, receiver.hits());
    }

    @Test
    void oneSlowReceiverDoesNotDelayTheFastOnes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Receiver slow = track(Receiver.start(exchange -> {
            release.await(20, TimeUnit.SECONDS); // thinking until the fast ones are done (or the bound)
            Receiver.respond(exchange, 200, "slow");
        }));
        Receiver fast = track(Receiver.answering(200, "fast"));

        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<OutboundResponse> slowOne = threads.submit(() -> sender.send(request(slow.url("/"), TIMEOUT)));
            List<Future<OutboundResponse>> fastOnes = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                fastOnes.add(threads.submit(() -> sender.send(request(fast.url("/"), TIMEOUT))));
            }
            // Were they queued behind the slow one, they would wait for a release that only comes after them.
            for (Future<OutboundResponse> f : fastOnes) {
                OutboundResponse r = f.get(10, TimeUnit.SECONDS);
                assertEquals("fast", r.responseExcerpt(), r::toString);
            }
            assertFalse(slowOne.isDone(), "the slow receiver is still thinking while the fast ones are done");
            release.countDown();
            assertEquals("slow", slowOne.get(10, TimeUnit.SECONDS).responseExcerpt());
        } finally {
            release.countDown();
        }
    }

    private List<OutboundResponse> inParallel(int n, java.util.function.IntFunction<OutboundRequest> requests)
            throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<OutboundResponse>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                OutboundRequest request = requests.apply(i);
                futures.add(threads.submit(() -> sender.send(request)));
            }
            List<OutboundResponse> responses = new ArrayList<>();
            for (Future<OutboundResponse> f : futures) {
                responses.add(f.get(10, TimeUnit.SECONDS));
            }
            return responses;
        }
    }

    private static OutboundRequest request(String url, Duration timeout) {
        return new OutboundRequest(url, Map.of("X-Hookline-Signature", "v1,sig"),
                "{}".getBytes(StandardCharsets.UTF_8), timeout);
    }

    private <T extends AutoCloseable> T track(T closeable) {
        closeables.add(closeable);
        return closeable;
    }
}
