package dev.hookline.local.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hookline.local.aws.SqsLimits.Refusal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A thin validating front for ElasticMQ: every SQS call of the local platform passes through it, and what Amazon SQS
 * refuses but ElasticMQ 1.7.1 lets through, or refuses with another error, is answered here the way SQS answers it
 * ({@link SqsLimits}). ElasticMQ counts a message's length in UTF-16 units and without its attributes, accepts
 * malformed batch entry ids and visibility timeouts above 12 h, and reports invalid characters and oversized batches
 * as InvalidAttributeValue (U+FFFF even as a malformed request). Everything else is forwarded unchanged, long polls
 * included (one virtual thread per call).
 */
public final class SqsLimitsFront implements AutoCloseable {
    private static final String TARGET_PREFIX = "AmazonSQS.";
    /** Far above anything SQS accepts (10 x 1 MiB plus JSON), so an oversized request is still read and refused. */
    private static final int MAX_REQUEST_BYTES = 16 << 20;
    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive");
    private static final String JSON = "application/x-amz-json-1.0";

    private final HttpServer server;
    private final ExecutorService threads;
    private final HttpClient client;
    private final URI backend;
    private final ObjectMapper json = new ObjectMapper();

    private SqsLimitsFront(HttpServer server, ExecutorService threads, HttpClient client, URI backend) {
        this.server = server;
        this.threads = threads;
        this.client = client;
        this.backend = backend;
    }

    /** Listens on a free loopback port and forwards to {@code backend} (ElasticMQ's endpoint). */
    public static SqsLimitsFront start(URI backend) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).executor(threads).build();
            SqsLimitsFront front = new SqsLimitsFront(server, threads, client, backend);
            server.createContext("/", front::handle);
            server.setExecutor(threads);
            server.start();
            return front;
        } catch (IOException e) {
            throw new UncheckedIOException("The SQS front did not start", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = readBounded(exchange.getRequestBody());
            if (body == null) {
                send(exchange, error(Refusal.invalidParameterValue("The request is larger than this emulator reads.")));
                return;
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            Answer answer = target != null && target.startsWith(TARGET_PREFIX)
                    ? check(exchange, target.substring(TARGET_PREFIX.length()), body)
                    : forward(exchange, body);
            send(exchange, answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            // The caller sees a 500 (the SDK retries those); nothing is half-forwarded, as each call is one request.
            send(exchange, new Answer(500, Map.of("Content-Type", List.of(JSON)),
                    ("{\"__type\":\"com.amazonaws.sqs#InternalError\",\"message\":\"SQS front: " + e.getClass().getSimpleName() + "\"}")
                            .getBytes(StandardCharsets.UTF_8)));
        }
    }

    private Answer check(HttpExchange exchange, String operation, byte[] body) throws IOException, InterruptedException {
        JsonNode request;
        try {
            request = json.readTree(body);
        } catch (JsonProcessingException e) {
            // SQS reads JSON with the characters it refuses; a body this parser cannot read is left to ElasticMQ.
            return forward(exchange, body);
        }
        if (request == null || !request.isObject()) {
            return forward(exchange, body);
        }
        Optional<Refusal> refusal = switch (operation) {
            case "SendMessage" -> SqsLimits.checkSend(request);
            case "SendMessageBatch" -> SqsLimits.checkSendBatch(request);
            case "ChangeMessageVisibility" -> SqsLimits.checkVisibilityTimeout(request);
            case "ChangeMessageVisibilityBatch", "DeleteMessageBatch" -> SqsLimits.checkBatchShape(request);
            default -> Optional.empty();
        };
        if (refusal.isPresent()) {
            return error(refusal.get());
        }
        return switch (operation) {
            case "SendMessageBatch" -> sendBatch(exchange, (ObjectNode) request);
            case "ChangeMessageVisibilityBatch" -> visibilityBatch(exchange, (ObjectNode) request);
            default -> forward(exchange, body);
        };
    }

    /** Entries with characters SQS refuses fail alone (BatchResultErrorEntry), as with SQS; the others are sent. */
    private Answer sendBatch(HttpExchange exchange, ObjectNode request) throws IOException, InterruptedException {
        return splitBatch(exchange, request, entry -> SqsLimits.validContents(entry) ? null : Refusal.invalidMessageContents());
    }

    private Answer visibilityBatch(HttpExchange exchange, ObjectNode request) throws IOException, InterruptedException {
        return splitBatch(exchange, request, entry -> SqsLimits.checkVisibilityTimeout(entry).orElse(null));
    }

    private interface EntryCheck {
        Refusal refuse(JsonNode entry);
    }

    private Answer splitBatch(HttpExchange exchange, ObjectNode request, EntryCheck check) throws IOException, InterruptedException {
        ArrayNode kept = json.createArrayNode();
        ArrayNode failed = json.createArrayNode();
        for (JsonNode entry : request.get("Entries")) {
            Refusal refusal = check.refuse(entry);
            if (refusal == null) {
                kept.add(entry);
            } else {
                failed.addObject().put("Id", entry.get("Id").asText()).put("SenderFault", true)
                        .put("Code", refusal.queryCode()).put("Message", refusal.message());
            }
        }
        if (failed.isEmpty()) {
            return forward(exchange, json.writeValueAsBytes(request));
        }
        ObjectNode result;
        if (kept.isEmpty()) {
            result = json.createObjectNode();
            result.putArray("Successful");
        } else {
            request.set("Entries", kept);
            Answer forwarded = forward(exchange, json.writeValueAsBytes(request));
            if (forwarded.status() != 200) {
                return forwarded;
            }
            result = (ObjectNode) json.readTree(forwarded.body());
        }
        ArrayNode allFailed = result.has("Failed") && result.get("Failed").isArray()
                ? (ArrayNode) result.get("Failed") : result.putArray("Failed");
        allFailed.addAll(failed);
        return new Answer(200, Map.of("Content-Type", List.of(JSON)), json.writeValueAsBytes(result));
    }

    private Answer forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        URI uri = backend.resolve(exchange.getRequestURI().toString());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(90)) // long polls wait at most 20 s
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), response.headers().map(), response.body());
    }

    private Answer error(Refusal refusal) {
        ObjectNode body = json.createObjectNode()
                .put("__type", "com.amazonaws.sqs#" + refusal.shape())
                .put("message", refusal.message());
        try {
            return new Answer(400, Map.of("Content-Type", List.of(JSON), "x-amzn-query-error", List.of(refusal.queryCode() + ";Sender")),
                    json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Answer(int status, Map<String, List<String>> headers, byte[] body) {
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        answer.headers().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
        if (answer.body().length > 0) {
            exchange.getResponseBody().write(answer.body());
        }
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_REQUEST_BYTES + 1);
        return bytes.length > MAX_REQUEST_BYTES ? null : bytes;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        client.close();
    }
}
