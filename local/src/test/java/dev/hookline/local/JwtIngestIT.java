package dev.hookline.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.hookline.local.testing.Http;
import dev.hookline.local.testing.TestPlatform;
import dev.hookline.local.testing.Tenants;
import dev.hookline.local.testing.WithPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JWT-verified ingest end to end: keys from a JWKS URL fetched by the platform (through the URL guard, cached,
 * refreshed when a token names an unknown kid, 503 when no keys can be had) and from a static PEM public key.
 */
@WithPlatform
class JwtIngestIT {
    private static final String ISSUER = "https://issuer.test";
    private static final String AUDIENCE = "hookline";

    private static RSAKey k1;
    private static RSAKey k2;
    /** Another key pair that claims to be k1. */
    private static RSAKey impostor;
    private static JwksHost jwksHost;

    @BeforeAll
    static void start() throws Exception {
        k1 = new RSAKeyGenerator(2048).keyID("k1").generate();
        k2 = new RSAKeyGenerator(2048).keyID("k2").generate();
        impostor = new RSAKeyGenerator(2048).keyID("k1").generate();
        jwksHost = new JwksHost();
    }

    @AfterAll
    static void stop() {
        if (jwksHost != null) {
            jwksHost.close();
        }
    }

    // ---------------------------------------------------------------- JWKS URL

    @Test
    void tokensAreVerifiedAgainstTheFetchedKeySet(TestPlatform p) {
        String path = "/jwks-" + System.nanoTime() + ".json";
        jwksHost.serve(path, k1);
        Tenants t = new Tenants(p, "jwt-jwks");
        Created src = createSource(p, t, triggerSource("jwks", jwksVerification(jwksHost.url(path))));
        Instant now = p.clock().instant();

        Http.Response ok = post(p, src, token(k1, claims(now, AUDIENCE, now.plusSeconds(300))), "ok");
        assertEquals(202, ok.status(), ok.body());
        String runId = ok.json().get("id").asText();
        assertTrue(runId.startsWith("run_"), runId);
        assertEquals("queued", t.get("/v1/runs/" + runId).json().get("status").asText());
        assertEquals(1, jwksHost.hits(path), "the key set was fetched");

        assertEquals(401, post(p, src, token(k1, claims(now, AUDIENCE, now.minusSeconds(600))), "expired").status(),
                "expired");
        assertEquals(401, post(p, src, token(k1, claims(now, "someone-else", now.plusSeconds(300))), "aud").status(),
                "wrong audience");
        assertEquals(401, post(p, src, token(impostor, claims(now, AUDIENCE, now.plusSeconds(300))), "forged").status(),
                "signed by another key with the same kid");
        assertEquals(401, post(p, src, new PlainJWT(claims(now, AUDIENCE, now.plusSeconds(300))).serialize(), "none")
                .status(), "alg none");
        Http.Response missing = p.http().send("POST", src.path(), null, body("missing"), Map.of());
        assertEquals(401, missing.status(), "no token");
        assertEquals("application/problem+json", missing.header("content-type"));
        Http.Response ok2 = post(p, src, token(k1, claims(now, AUDIENCE, now.plusSeconds(300))), "ok2");
        assertEquals(202, ok2.status(), ok2.body());
        assertEquals(1, jwksHost.hits(path), "later calls use the cached set");
    }

    @Test
    void anUnknownKidRefreshesTheKeySetAfterRotation(TestPlatform p) {
        String path = "/jwks-" + System.nanoTime() + ".json";
        jwksHost.serve(path, k1);
        Tenants t = new Tenants(p, "jwt-rotation");
        Created src = createSource(p, t, triggerSource("rotating", jwksVerification(jwksHost.url(path))));
        Instant now = p.clock().instant();
        assertEquals(202, post(p, src, token(k1, claims(now, AUDIENCE, now.plusSeconds(300))), "before").status());

        // The issuer rotates: k2 is published and used at once. Fetches are rate-limited to two a minute.
        jwksHost.serve(path, k1, k2);
        p.clock().advance(Duration.ofSeconds(61));
        try {
            Instant later = p.clock().instant();
            Http.Response rotated = post(p, src, token(k2, claims(later, AUDIENCE, later.plusSeconds(300))), "after");
            assertEquals(202, rotated.status(), rotated.body());
            assertEquals(2, jwksHost.hits(path), "one refetch for the unknown kid");
            assertEquals(202, post(p, src, token(k1, claims(later, AUDIENCE, later.plusSeconds(300))), "old").status(),
                    "the old key still works during the overlap");

            // A flood of tokens with made-up kids cannot make us hammer the JWKS host.
            RSAKey unknown = new RSAKeyGenerator(2048).keyID("k9").generate();
            for (int i = 0; i < 5; i++) {
                assertEquals(401, post(p, src, token(unknown, claims(later, AUDIENCE, later.plusSeconds(300))), "k9" + i)
                        .status());
            }
            assertEquals(3, jwksHost.hits(path), "the minute's second fetch, then none: five forged kids, one request");
            for (int i = 0; i < 5; i++) {
                p.clock().advance(Duration.ofSeconds(5));
                Instant flood = p.clock().instant();
                assertEquals(401, post(p, src, token(unknown, claims(flood, AUDIENCE, flood.plusSeconds(300))),
                        "k9-later" + i).status());
            }
            assertEquals(3, jwksHost.hits(path), "no more fetches within the minute");
        } catch (JOSEException e) {
            throw new AssertionError(e);
        } finally {
            p.clock().reset();
        }
    }

    @Test
    void aKeySetThatCannotBeFetchedIs503WithRetryAfter(TestPlatform p) throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        // https on purpose: valid under any jwks_url rule; nothing listens, so it is a transport failure.
        String url = "https://127.0.0.1:" + closedPort + "/jwks-" + System.nanoTime() + ".json";
        Tenants t = new Tenants(p, "jwt-down");
        Created src = createSource(p, t, triggerSource("down", jwksVerification(url)));
        Instant now = p.clock().instant();

        Http.Response r = post(p, src, token(k1, claims(now, AUDIENCE, now.plusSeconds(300))), "down");

        assertEquals(503, r.status(), r.body());
        assertNotNull(r.header("retry-after"), "the sender is told to come back");
        assertEquals("application/problem+json", r.header("content-type"));
    }

    // ---------------------------------------------------------------- static public key

    @Test
    void aStaticPemPublicKeyVerifiesTokens(TestPlatform p) throws JOSEException {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(k1.toRSAPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        String verification = "{\"scheme\":\"jwt\",\"public_keys\":[" + jsonString(pem) + "],\"algorithms\":[\"RS256\"],"
                + "\"issuer\":\"" + ISSUER + "\",\"audience\":\"" + AUDIENCE + "\"}";
        Tenants t = new Tenants(p, "jwt-pem");
        Created src = createSource(p, t, triggerSource("pem", verification));
        Instant now = p.clock().instant();

        String good = token(k1, claims(now, AUDIENCE, now.plusSeconds(300)));
        Http.Response ok = post(p, src, good, "pem-ok");
        assertEquals(202, ok.status(), ok.body());

        String[] parts = good.split("\\.");
        String otherClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims(now, AUDIENCE, now.plusSeconds(3600)).toString().getBytes(StandardCharsets.UTF_8));
        String tampered = parts[0] + "." + otherClaims + "." + parts[2];
        assertEquals(401, post(p, src, tampered, "pem-tampered").status(), "tampered claims");
        assertEquals(401, post(p, src, token(impostor, claims(now, AUDIENCE, now.plusSeconds(300))), "pem-forged")
                .status(), "another key");
    }

    // ---------------------------------------------------------------- helpers

    private record Created(String id, String path) {
    }

    private static Created createSource(TestPlatform p, Tenants t, String json) {
        Http.Response r = p.http().post("/v1/sources", t.key(), json);
        assertEquals(201, r.status(), r.body());
        String url = r.json().get("ingest_url").asText();
        return new Created(r.json().get("id").asText(), url.substring(url.indexOf("/in/")));
    }

    private static String jwksVerification(String url) {
        return "{\"scheme\":\"jwt\",\"jwks_url\":\"" + url + "\",\"algorithms\":[\"RS256\"],\"issuer\":\"" + ISSUER
                + "\",\"audience\":\"" + AUDIENCE + "\"}";
    }

    private static String triggerSource(String name, String verification) {
        return "{\"name\":\"" + name + "\",\"mode\":\"trigger\",\"verification\":" + verification
                + ",\"trigger\":{\"pipeline\":\"exports\",\"version\":\"3\",\"parameters\":{\"export_id\":\"/export_id\"},"
                + "\"required\":[\"export_id\"]}}";
    }

    private static final AtomicInteger SEQ = new AtomicInteger();

    private static String body(String marker) {
        String id = marker + "-" + System.nanoTime() + "-" + SEQ.incrementAndGet();
        return "{\"id\":\"evt_" + id + "\",\"type\":\"export.ready\",\"export_id\":\"" + id + "\"}";
    }

    private static Http.Response post(TestPlatform p, Created src, String jwt, String marker) {
        return p.http().send("POST", src.path(), null, body(marker),
                Map.of("Authorization", "Bearer " + jwt, "Content-Type", "application/json"));
    }

    private static JWTClaimsSet claims(Instant now, String audience, Instant expires) {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(audience)
                .subject("sender")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expires))
                .jwtID("jti-" + System.nanoTime())
                .build();
    }

    private static String token(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new AssertionError(e);
        }
    }

    private static String jsonString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    /** A loopback JWKS host: each path serves the public halves of its keys, and counts its fetches. */
    private static final class JwksHost implements AutoCloseable {
        private final HttpServer server;
        private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        private final Map<String, String> sets = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

        JwksHost() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(executor);
            server.createContext("/", exchange -> {
                try (exchange) {
                    String path = exchange.getRequestURI().getPath();
                    hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
                    String set = sets.get(path);
                    if (set == null) {
                        exchange.sendResponseHeaders(404, -1);
                        return;
                    }
                    byte[] bytes = set.getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
                    exchange.sendResponseHeaders(200, bytes.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(bytes);
                    }
                }
            });
            server.start();
        }

        void serve(String path, RSAKey... keys) {
            List<JWK> published = java.util.Arrays.stream(keys).<JWK>map(RSAKey::toPublicJWK).toList();
            sets.put(path, new JWKSet(published).toString());
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        int hits(String path) {
            AtomicInteger n = hits.get(path);
            return n == null ? 0 : n.get();
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
