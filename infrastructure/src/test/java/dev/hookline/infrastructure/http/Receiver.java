package dev.hookline.infrastructure.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP receiver on 127.0.0.1 (ephemeral port) that records what arrived and answers as a test scripts it.
 * Handlers run on virtual threads so that a slow answer to one request does not serialise the others.
 */
final class Receiver implements AutoCloseable {

    /** What one request looked like on the wire, as the server parsed it. */
    record Seen(String method, String pathAndQuery, Headers headers, byte[] body) {
    }

    @FunctionalInterface
    interface Responder {
        void respond(HttpExchange exchange) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    private Receiver(Responder responder) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                        exchange.getRequestHeaders(), body));
                responder.respond(exchange);
            } catch (Exception e) {
                // The client went away (aborted, timed out): that is what several tests provoke.
            }
        });
        server.start();
    }

    static Receiver start(Responder responder) throws IOException {
        return new Receiver(responder);
    }

    /** Answers {@code status} with {@code body} (and no extra headers). */
    static Receiver answering(int status, String body) throws IOException {
        return start(exchange -> respond(exchange, status, body));
    }

    static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url(String pathAndQuery) {
        return "http://hooks.example.test:" + port() + pathAndQuery;
    }

    int hits() {
        return seen.size();
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
