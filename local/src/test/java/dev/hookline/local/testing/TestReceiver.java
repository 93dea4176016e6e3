package dev.hookline.local.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A real HTTP receiver on loopback for delivery tests: answers from a script (status, headers, body,
 * delay; then a default), and records every request it got, headers and exact body bytes. Every webhook it gets
 * (a POST with {@code webhook-id}) is checked against the {@code webhooks} of {@code openapi.json}; a payload the
 * document does not declare fails the test when it reads what was received (or closes the receiver).
 */
public final class TestReceiver implements AutoCloseable {
    public record Answer(int status, Map<String, String> headers, byte[] body, Duration delay) {
        public static Answer status(int status) {
            return new Answer(status, Map.of(), new byte[0], Duration.ZERO);
        }

        public Answer withHeader(String name, String value) {
            java.util.HashMap<String, String> h = new java.util.HashMap<>(headers);
            h.put(name, value);
            return new Answer(status, h, body, delay);
        }

        public Answer withBody(byte[] value) {
            return new Answer(status, headers, value, delay);
        }

        public Answer after(Duration value) {
            return new Answer(status, headers, body, value);
        }
    }

    /** {@code clientSubject}: the client certificate's subject on an HTTPS receiver that asked for one, else null. */
    public record Received(Instant at, String path, Map<String, String> headers, byte[] body, String clientSubject) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final String scheme;
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Received> arrivals = new LinkedBlockingQueue<>();
    private volatile Supplier<Answer> fallback = () -> Answer.status(200);
    private final List<String> contractProblems = new CopyOnWriteArrayList<>();

    public TestReceiver() throws IOException {
        this(null, false);
    }

    /** A plain HTTP receiver, for a field a test class closes with {@code @AutoClose} (one receiver per test). */
    public static TestReceiver open() {
        try {
            return new TestReceiver();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("No loopback receiver", e);
        }
    }

    /**
     * An HTTPS receiver with {@code tls}'s certificate; with {@code needClientAuth} a sender without a certificate that
     * {@code tls} trusts fails the handshake and is never recorded.
     */
    public TestReceiver(javax.net.ssl.SSLContext tls, boolean needClientAuth) throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
            server = HttpServer.create(loopback, 64);
        } else {
            com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(loopback, 64);
            https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls) {
                @Override
                public void configure(com.sun.net.httpserver.HttpsParameters params) {
                    javax.net.ssl.SSLParameters p = tls.getDefaultSSLParameters();
                    p.setNeedClientAuth(needClientAuth);
                    params.setSSLParameters(p);
                }
            });
            server = https;
        }
        scheme = tls == null ? "http" : "https";
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            String clientSubject = null;
            if (exchange instanceof com.sun.net.httpserver.HttpsExchange secure) {
                try {
                    clientSubject = secure.getSSLSession().getPeerPrincipal().getName();
                } catch (javax.net.ssl.SSLPeerUnverifiedException noCertificate) {
                    // the receiver did not require one, and none came
                }
            }
            Received r = new Received(Instant.now(), exchange.getRequestURI().getPath(), headers, body, clientSubject);
            if ("POST".equals(exchange.getRequestMethod()) && headers.containsKey("webhook-id")) {
                contractProblems.addAll(OpenApiContract.get().checkWebhook(headers, body));
            }
            received.add(r);
            arrivals.add(r);
            Answer answer = script.poll();
            if (answer == null) {
                answer = fallback.get();
            }
            try {
                if (!answer.delay().isZero()) {
                    Thread.sleep(answer.delay());
                }
                answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
                exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
                if (answer.body().length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(answer.body());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException clientWentAway) {
                // The sender stopped reading (bounded read, timeout): that is what some tests want.
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** Answers, in order, for the next requests; after them the fallback answers. */
    public TestReceiver then(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    public TestReceiver otherwise(Supplier<Answer> answer) {
        this.fallback = answer;
        return this;
    }

    public String url(String path) {
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Received> received() {
        assertContract();
        return List.copyOf(received);
    }

    /** The next request, waiting at most {@code timeout}; null if none came. */
    public Received next(Duration timeout) {
        try {
            Received r = arrivals.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            assertContract();
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Fails (once per problem) when a webhook received so far is not what openapi.json declares. */
    private void assertContract() {
        if (!contractProblems.isEmpty()) {
            List<String> problems = List.copyOf(contractProblems);
            contractProblems.removeAll(problems);
            throw new AssertionError("openapi.json contract: " + String.join("\n  ", problems));
        }
    }

    @Override
    public void close() {
        server.stop(0);
        assertContract();
    }
}
