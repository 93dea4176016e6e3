package dev.hookline.infrastructure.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hookline.core.inbound.verify.JwksUnavailableException;
import dev.hookline.core.outbound.HostResolver;
import dev.hookline.core.outbound.UrlGuard;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Against a real loopback server; a made-up name resolves (through the guard only) to 127.0.0.1. */
@Timeout(30)
class HttpJwksProviderTest {

    private static final String HOST = "jwks.example.test";
    private static final String EVIL_HOST = "metadata.example.test";
    private static final InetAddress LOOPBACK = Addresses.LOOPBACK;
    private static final InetAddress METADATA = Addresses.METADATA;

    private static RSAKey k1;
    private static RSAKey k2;

    private final AtomicInteger lookups = new AtomicInteger();
    private final HostResolver resolver = host -> {
        lookups.incrementAndGet();
        return switch (host) {
            case HOST -> List.of(LOOPBACK);
            case EVIL_HOST -> List.of(METADATA);
            default -> throw new UnknownHostException(host);
        };
    };
    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
    private final List<AutoCloseable> closeables = new ArrayList<>();

    private JwksServer server;
    private HttpJwksProvider provider;

    @BeforeAll
    static void keys() throws JOSEException {
        k1 = new RSAKeyGenerator(2048).keyID("k1").generate();
        k2 = new RSAKeyGenerator(2048).keyID("k2").generate();
    }

    @BeforeEach
    void setUp() throws IOException {
        server = track(new JwksServer());
        server.serve(200, new JWKSet(k1.toPublicJWK()).toString());
        provider = track(new HttpJwksProvider(new UrlGuard(resolver, true, true), clock));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeables.reversed()) {
            c.close();
        }
    }

    @Test
    void fetchesThroughThePinnedAddressAndCaches() {
        JWKSet first = provider.get(server.url("/jwks.json"));
        JWKSet second = provider.get(server.url("/jwks.json"));

        assertEquals(List.of("k1"), kids(first));
        assertSame(first, second, "the second call is answered from the cache");
        assertEquals(1, server.hits(), "one fetch for two gets");
        assertEquals(1, lookups.get(), "one guarded resolution");
        JwksServer.Seen seen = server.seen().getFirst();
        assertEquals("GET", seen.method());
        assertEquals("/jwks.json", seen.path());
        assertEquals(HOST + ":" + server.port(), seen.host(), "the Host header keeps the name, not the address");
    }

    @Test
    void keepsOnlyPublicKeysEvenWhenTheEndpointLeaksPrivateOnes() {
        server.serve(200, new JWKSet(k1).toString(false));

        JWKSet set = provider.get(server.url("/jwks.json"));

        assertFalse(set.getKeys().getFirst().isPrivate());
        assertFalse(set.toString(false).contains("\"d\""));
    }

    @Test
    void cachesPerUrl() {
        provider.get(server.url("/a.json"));
        provider.get(server.url("/b.json"));
        provider.get(server.url("/a.json"));

        assertEquals(2, server.hits());
    }

    @Test
    void refetchesOnceTheTtlHasPassed() {
        provider.get(server.url("/jwks.json"));
        clock.advance(Duration.ofMinutes(9));
        provider.get(server.url("/jwks.json"));
        assertEquals(1, server.hits(), "still fresh after 9 minutes");

        server.serve(200, new JWKSet(List.of(k1.toPublicJWK(), k2.toPublicJWK())).toString());
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        JWKSet later = provider.get(server.url("/jwks.json"));

        assertEquals(2, server.hits(), "refetched after 10 minutes");
        assertEquals(List.of("k1", "k2"), kids(later));
    }

    @Test
    void theTtlIsConfigurable() {
        provider = track(new HttpJwksProvider(new UrlGuard(resolver, true, true), clock, Duration.ofSeconds(30),
                Duration.ofSeconds(60), Duration.ofHours(24)));
        provider.get(server.url("/jwks.json"));
        clock.advance(Duration.ofSeconds(31));
        provider.get(server.url("/jwks.json"));

        assertEquals(2, server.hits());
    }

    @Test
    void refreshIsRateLimitedPerUrl() {
        provider.get(server.url("/jwks.json"));
        server.serve(200, new JWKSet(List.of(k1.toPublicJWK(), k2.toPublicJWK())).toString());

        JWKSet refreshed = provider.refresh(server.url("/jwks.json"));
        assertEquals(2, server.hits(), "a token naming an unknown kid refetches at once");
        assertEquals(List.of("k1", "k2"), kids(refreshed));

        for (int i = 0; i < 20; i++) {
            clock.advance(Duration.ofSeconds(1));
            assertEquals(List.of("k1", "k2"), kids(provider.refresh(server.url("/jwks.json"))));
        }
        assertEquals(2, server.hits(), "two fetches a minute: a flood of refreshes makes no more requests");
        assertEquals(List.of("k1", "k2"), kids(provider.get(server.url("/jwks.json"))), "and the new set is cached");
        assertEquals(2, server.hits());

        clock.advance(Duration.ofSeconds(41));
        provider.refresh(server.url("/jwks.json"));
        assertEquals(3, server.hits(), "the next minute allows a refresh again");
    }

    @Test
    void aRefreshOnAnUnknownUrlFetches() {
        JWKSet set = provider.refresh(server.url("/jwks.json"));

        assertEquals(List.of("k1"), kids(set));
        assertEquals(1, server.hits());
    }

    @Test
    void servesTheLastGoodSetWhileTheEndpointFails() {
        JWKSet good = provider.get(server.url("/jwks.json"));
        server.serve(500, "{\"error\":\"down\"}");

        clock.advance(Duration.ofMinutes(11));
        assertEquals(kids(good), kids(provider.get(server.url("/jwks.json"))), "stale-if-error");
        assertEquals(2, server.hits());

        clock.advance(Duration.ofSeconds(61));
        assertEquals(kids(good), kids(provider.refresh(server.url("/jwks.json"))));
        assertEquals(3, server.hits());

        clock.advance(Duration.ofHours(23));
        assertEquals(kids(good), kids(provider.get(server.url("/jwks.json"))), "still served just under 24 h");

        clock.advance(Duration.ofMinutes(50));
        assertThrows(JwksUnavailableException.class, () -> provider.get(server.url("/jwks.json")),
                "after 24 h the old set is no longer trusted");
    }

    @Test
    void recoversWhenTheEndpointComesBack() {
        provider.get(server.url("/jwks.json"));
        server.serve(503, "");
        clock.advance(Duration.ofMinutes(11));
        provider.get(server.url("/jwks.json"));

        assertEquals(2, server.hits());

        server.serve(200, new JWKSet(k2.toPublicJWK()).toString());
        clock.advance(Duration.ofSeconds(11));
        assertEquals(List.of("k2"), kids(provider.refresh(server.url("/jwks.json"))),
                "a token naming the new kid gets the new set at once");
        assertEquals(3, server.hits());
        assertEquals(List.of("k2"), kids(provider.get(server.url("/jwks.json"))));
        assertEquals(3, server.hits(), "fresh again: cached");
    }

    @Test
    void withoutAGoodSetAFailureIsUnavailableAndNotRetriedAtOnce() {
        server.serve(500, "nope");

        JwksUnavailableException e = assertThrows(JwksUnavailableException.class,
                () -> provider.get(server.url("/jwks.json")));
        assertTrue(e.getMessage().contains("500"), e.getMessage());
        for (int i = 0; i < 20; i++) {
            clock.advance(Duration.ofSeconds(1));
            assertThrows(JwksUnavailableException.class, () -> provider.get(server.url("/jwks.json")));
        }
        assertEquals(2, server.hits(), "a burst while the host is down makes at most two requests a minute");

        server.serve(200, new JWKSet(k1.toPublicJWK()).toString());
        clock.advance(Duration.ofSeconds(41));
        assertEquals(List.of("k1"), kids(provider.get(server.url("/jwks.json"))));
        assertEquals(3, server.hits());
    }

    @Test
    void aRefusedConnectionIsUnavailable() throws Exception {
        String url = server.url("/jwks.json");
        server.close();

        assertThrows(JwksUnavailableException.class, () -> provider.get(url));
    }

    @Test
    void aBodyOverTheLimitIsUnavailable() {
        String padding = "x".repeat(HttpJwksProvider.MAX_BODY_BYTES);
        String json = new JWKSet(k1.toPublicJWK()).toString();
        server.serve(200, json.substring(0, json.length() - 1) + ",\"padding\":\"" + padding + "\"}");

        JwksUnavailableException e = assertThrows(JwksUnavailableException.class,
                () -> provider.get(server.url("/jwks.json")));
        assertTrue(e.getMessage().contains("larger than"), e.getMessage());
    }

    @Test
    void aBodyJustUnderTheLimitIsParsed() {
        String json = new JWKSet(k1.toPublicJWK()).toString();
        int room = HttpJwksProvider.MAX_BODY_BYTES - json.length() - ",\"padding\":\"\"".length();
        server.serve(200, json.substring(0, json.length() - 1) + ",\"padding\":\"" + "x".repeat(room) + "\"}");

        assertEquals(List.of("k1"), kids(provider.get(server.url("/jwks.json"))));
    }

    @Test
    void somethingOtherThanAJwkSetIsUnavailable() {
        server.serve(200, "<html>hello</html>");
        assertThrows(JwksUnavailableException.class, () -> provider.get(server.url("/a.json")));

        server.serve(200, "{\"not_keys\":[]}");
        assertThrows(JwksUnavailableException.class, () -> provider.get(server.url("/b.json")));
    }

    @Test
    void redirectsAreNotFollowed() {
        server.respond("/jwks.json", exchange -> {
            exchange.getResponseHeaders().set("Location", server.url("/elsewhere.json"));
            exchange.sendResponseHeaders(302, -1);
        });

        JwksUnavailableException e = assertThrows(JwksUnavailableException.class,
                () -> provider.get(server.url("/jwks.json")));
        assertTrue(e.getMessage().contains("302"), e.getMessage());
        assertEquals(List.of("/jwks.json"), server.seen().stream().map(JwksServer.Seen::path).toList());
    }

    @Test
    void aUrlTheGuardRefusesIsUnavailableWithoutAConnection() {
        String url = "http://" + EVIL_HOST + ":" + server.port() + "/jwks.json";

        JwksUnavailableException e = assertThrows(JwksUnavailableException.class, () -> provider.get(url));

        assertTrue(e.getMessage().contains("metadata_address"), e.getMessage());
        assertEquals(0, server.hits(), "no connection was made");
    }

    @Test
    void httpIsRefusedWhenTheGuardOnlyAllowsHttps() {
        provider = track(new HttpJwksProvider(new UrlGuard(resolver, false, true), clock));

        JwksUnavailableException e = assertThrows(JwksUnavailableException.class,
                () -> provider.get(server.url("/jwks.json")));

        assertTrue(e.getMessage().contains("scheme_not_allowed"), e.getMessage());
        assertEquals(0, server.hits());
    }

    @Test
    void aSlowEndpointIsCutOffAtTheDeadline() throws Exception {
        ManualDeadlines deadlines = new ManualDeadlines();
        provider = track(new HttpJwksProvider(new UrlGuard(resolver, true, true), clock, HttpJwksProvider.DEFAULT_TTL,
                HttpJwksProvider.DEFAULT_MIN_REFRESH_INTERVAL, HttpJwksProvider.DEFAULT_MAX_STALE, deadlines.timer()));
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        server.respond("/slow.json", exchange -> {
            arrived.countDown();
            release.await(30, TimeUnit.SECONDS); // a peer that has not answered when the deadline passes
            exchange.sendResponseHeaders(500, -1);
        });
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<JWKSet> call = pool.submit(() -> provider.get(server.url("/slow.json")));
            assertTrue(arrived.await(10, TimeUnit.SECONDS), "the fetch reached the endpoint");

            assertEquals(HttpJwksProvider.FETCH_DEADLINE, deadlines.pass());

            ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS));
            JwksUnavailableException cause = assertInstanceOf(JwksUnavailableException.class, e.getCause());
            assertTrue(cause.getMessage().contains("no complete answer within 5000 ms"), cause.getMessage());
        } finally {
            release.countDown();
        }
    }

    @Test
    void concurrentMissesMakeOneFetch() throws Exception {
        server.respond("/jwks.json", exchange -> {
            Thread.sleep(300);
            byte[] body = new JWKSet(k1.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        });
        List<Future<JWKSet>> calls = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                calls.add(pool.submit(() -> provider.get(server.url("/jwks.json"))));
            }
            for (Future<JWKSet> call : calls) {
                assertEquals(List.of("k1"), kids(call.get()));
            }
        }
        assertEquals(1, server.hits());
    }

    @Test
    void differentUrlsAreFetchedIndependently() throws Exception {
        CountDownLatch slowArrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        server.respond("/slow.json", exchange -> {
            slowArrived.countDown();
            release.await(30, TimeUnit.SECONDS);
            exchange.sendResponseHeaders(500, -1);
        });
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> slow = pool.submit(() -> assertThrows(JwksUnavailableException.class,
                    () -> provider.get(server.url("/slow.json"))));
            assertTrue(slowArrived.await(10, TimeUnit.SECONDS), "the slow fetch is in flight");

            // Were fetches serialised across URLs, this would wait for the slow one, which waits for the release.
            Future<JWKSet> fast = pool.submit(() -> provider.get(server.url("/fast.json")));
            assertNotNull(fast.get(10, TimeUnit.SECONDS));
            assertFalse(slow.isDone(), "a slow URL does not hold up another");
            release.countDown();
            slow.get(10, TimeUnit.SECONDS);
        } finally {
            release.countDown();
        }
    }

    @Test
    void exceptionMessagesCarryNoKeyMaterial() {
        // A set the parser rejects (an RSA key without its modulus) next to a valid key's private parts.
        String leaked = "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"x\",\"e\":\"AQAB\",\"d\":\"" + k1.getPrivateExponent()
                + "\"}]}";
        server.serve(200, leaked);

        JwksUnavailableException e = assertThrows(JwksUnavailableException.class,
                () -> provider.get(server.url("/jwks.json")));

        assertFalse(e.getMessage().contains(k1.getPrivateExponent().toString()));
        assertNull(e.getCause());
    }

    // ---------------------------------------------------------------- helpers

    private static List<String> kids(JWKSet set) {
        return set.getKeys().stream().map(k -> k.getKeyID()).toList();
    }

    private <T extends AutoCloseable> T track(T closeable) {
        closeables.add(closeable);
        return closeable;
    }


    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void advance(Duration by) {
            now.updateAndGet(t -> t.plus(by));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** A loopback JWKS host: one default answer, per-path overrides, and a record of every request. */
    static final class JwksServer implements AutoCloseable {

        record Seen(String method, String path, String host) {
        }

        @FunctionalInterface
        interface Responder {
            void respond(HttpExchange exchange) throws Exception;
        }

        private final HttpServer server;
        private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        private final List<Seen> seen = new CopyOnWriteArrayList<>();
        private final Map<String, Responder> byPath = new java.util.concurrent.ConcurrentHashMap<>();
        private volatile int status = 200;
        private volatile String body = "";

        JwksServer() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(executor);
            server.createContext("/", exchange -> {
                try (exchange) {
                    exchange.getRequestBody().readAllBytes();
                    String path = exchange.getRequestURI().getPath();
                    seen.add(new Seen(exchange.getRequestMethod(), path,
                            exchange.getRequestHeaders().getFirst("Host")));
                    Responder custom = byPath.get(path);
                    if (custom != null) {
                        custom.respond(exchange);
                        return;
                    }
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
                    if (bytes.length > 0) {
                        try (OutputStream out = exchange.getResponseBody()) {
                            out.write(bytes);
                        }
                    }
                } catch (Exception e) {
                    // The client went away (deadline, size limit): that is what several tests provoke.
                }
            });
            server.start();
        }

        void serve(int status, String body) {
            this.body = body;
            this.status = status;
        }

        void respond(String path, Responder responder) {
            byPath.put(path, responder);
        }

        int port() {
            return server.getAddress().getPort();
        }

        String url(String path) {
            return "http://" + HOST + ":" + port() + path;
        }

        int hits() {
            return seen.size();
        }

        List<Seen> seen() {
            return seen;
        }

        private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                server.stop(0);
                executor.shutdownNow();
            }
        }
    }
}
