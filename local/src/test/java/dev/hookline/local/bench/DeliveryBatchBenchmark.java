package dev.hookline.local.bench;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.hookline.core.delivery.Delivery;
import dev.hookline.core.delivery.DeliveryStatus;
import dev.hookline.core.delivery.DeliveryTask;
import dev.hookline.core.delivery.Message;
import dev.hookline.infrastructure.dynamo.DynamoDeliveryStore;
import dev.hookline.infrastructure.dynamo.DynamoMessageStore;
import dev.hookline.local.LocalOptions;
import dev.hookline.local.LocalPlatform;
import dev.hookline.local.testing.Http;
import dev.hookline.local.testing.RepoPaths;
import dev.hookline.local.testing.TestReceiver;
import dev.hookline.local.testing.TestReceiver.Answer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Delivery and answer-time figures, printed (not asserted): the wall time of one DeliveryFunction batch of
 * 10 against a receiver that answers after 200 ms (goal <= 1.25 x 200 ms), one delivery's own overhead,
 * deliveries per second per function instance against an instant receiver, and the publish and ingest
 * answer times (p50) through the local HTTP API. Invokes the real handlers through the local platform with
 * real DynamoDB Local, Secrets Manager and HTTP on loopback; the platform's own pollers are off, so only
 * the measured invocations send. Run: bench/delivery-batch.sh
 */
public final class DeliveryBatchBenchmark {
    private static final int BATCH = 10;

    public static void main(String[] args) throws Exception {
        BenchConsole.quiet("delivery-batch");
        int slowRounds = args.length > 0 ? Integer.parseInt(args[0]) : 21;
        int fastBatches = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        try (LocalPlatform platform = LocalPlatform.start(LocalOptions.defaults().withTemplate(RepoPaths.template())
                     .withPort(0).withPollersPerQueue(0).withNamePrefix("hookline-bench-"));
             TestReceiver slow = new TestReceiver().otherwise(() -> Answer.status(200).after(Duration.ofMillis(200)));
             TestReceiver instant = new TestReceiver().otherwise(() -> Answer.status(200))) {
            Http http = new Http(platform.baseUri());
            var created = http.post("/v1/tenants", platform.adminKey(), "{\"name\":\"bench\"}").json();
            String key = created.get("api_key").asText();
            String tenant = created.get("id").asText();
            String slowEndpoint = http.post("/v1/endpoints", key, "{\"url\":\"" + slow.url("/") + "\"}").json().get("id").asText();
            String fastEndpoint = http.post("/v1/endpoints", key, "{\"url\":\"" + instant.url("/") + "\"}").json().get("id").asText();
            Setup setup = new Setup(platform, tenant);

            setup.run(fastEndpoint, 5, BATCH); // warm-up: JIT, connection pool, secret cache
            long[] slowMillis = new long[slowRounds];
            long[] singleMillis = new long[slowRounds];
            long[] singleAwsMicros = new long[slowRounds];
            long[] singleOutsideMicros = new long[slowRounds]; // per round: wall - 200 ms - time inside AWS calls
            long singleAwsCalls = 0;
            java.util.Map<String, Long> singleCalls = new java.util.TreeMap<>();
            double[] batchCallMillis = new double[slowRounds]; // mean time of one AWS call inside a batch of 10
            double[] singleCallMillis = new double[slowRounds];
            // The platform's stream poller keeps polling meanwhile: its calls are not the delivery's.
            java.util.function.Predicate<String> ours = op -> !op.startsWith("DynamoDbStreams.");
            for (int i = 0; i < slowRounds; i++) { // interleaved, so both see the same machine
                Metered batch = setup.metered(slowEndpoint, 1, BATCH);
                slowMillis[i] = batch.millis();
                batchCallMillis[i] = batch.usage().callNanos(ours) / 1e6 / Math.max(1, batch.usage().calls(ours));
                Metered single = setup.metered(slowEndpoint, 1, 1);
                singleMillis[i] = single.millis();
                singleCallMillis[i] = single.usage().callNanos(ours) / 1e6 / Math.max(1, single.usage().calls(ours));
                singleAwsMicros[i] = single.usage().callNanos(ours) / 1000;
                singleAwsCalls += single.usage().calls(ours);
                singleOutsideMicros[i] = single.millis() * 1000 - 200_000 - singleAwsMicros[i];
                single.usage().calls().forEach((op, n) -> {
                    if (ours.test(op)) {
                        singleCalls.merge(op, n, Long::sum);
                    }
                });
            }
            Arrays.sort(singleAwsMicros);
            Arrays.sort(singleOutsideMicros);
            Arrays.sort(singleMillis);
            Arrays.sort(slowMillis);
            long median = slowMillis[slowRounds / 2];
            System.out.printf("batch of %d, receiver answers after 200 ms: median %d ms, min %d, max %d (n=%d) -> %.2f x 200 ms (goal <= 1.25)%n",
                    BATCH, median, slowMillis[0], slowMillis[slowRounds - 1], slowRounds, median / 200.0);
            System.out.printf("batch of 1, same receiver, interleaved: median %d ms -> one delivery's own overhead %d ms;"
                    + " the batch of %d adds %d ms over it (contention, not waiting: sends are concurrent)%n",
                    singleMillis[slowRounds / 2], singleMillis[slowRounds / 2] - 200, BATCH, median - singleMillis[slowRounds / 2]);
            long awsMillis = singleAwsMicros[slowRounds / 2] / 1000;
            System.out.printf("batch of 1: %.1f AWS calls per delivery, %d ms median inside them (DynamoDB Local,"
                            + " embedded Secrets Manager); own overhead outside them %d ms%n",
                    (double) singleAwsCalls / slowRounds, awsMillis, singleOutsideMicros[slowRounds / 2] / 1000);
            System.out.println("  calls per delivery: " + singleCalls.entrySet().stream()
                    .map(e -> e.getKey() + " " + String.format("%.1f", (double) e.getValue() / slowRounds)).toList());
            Arrays.sort(batchCallMillis);
            Arrays.sort(singleCallMillis);
            System.out.printf("  one AWS call takes %.1f ms (median over rounds) in a batch of 1 and %.1f ms in a batch of %d:"
                            + " how much the emulators slow down when ten deliveries call at once%n",
                    singleCallMillis[slowRounds / 2], batchCallMillis[slowRounds / 2], BATCH);

            double[] rates = new double[5];
            for (int r = 0; r < rates.length; r++) {
                long ms = setup.run(fastEndpoint, fastBatches / rates.length, BATCH);
                rates[r] = (fastBatches / rates.length) * BATCH * 1000.0 / ms;
            }
            Arrays.sort(rates);
            System.out.printf("instant receiver, one function instance, batches of %d back to back: median %.0f deliveries/s (runs: %s)%n",
                    BATCH, rates[rates.length / 2], Arrays.toString(Arrays.stream(rates).mapToLong(Math::round).toArray()));
            System.out.printf("sent: %d slow, %d instant requests%n", slow.received().size(), instant.received().size());

            // Publish and ingest answer times through the local HTTP API, interleaved so both see the same machine.
            String ingestUrl = http.post("/v1/sources", key,
                    "{\"name\":\"bench\",\"mode\":\"stream\",\"verification\":{\"scheme\":\"none\"}}").json()
                    .get("ingest_url").asText();
            String ingestPath = ingestUrl.substring(ingestUrl.indexOf("/in/"));
            int answers = Math.max(50, fastBatches * 3);
            // A plain client: the suite's Http also checks every exchange against the OpenAPI document, which
            // would be timed with the answer.
            java.net.http.HttpClient raw = java.net.http.HttpClient.newHttpClient();
            java.util.function.BiFunction<String, String, Integer> post = (path, body) -> {
                try {
                    java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(platform.baseUri().resolve(path))
                            .header("content-type", "application/json")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
                    if (path.startsWith("/v1/")) {
                        b.header("authorization", "Bearer " + key);
                    }
                    return raw.send(b.build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            for (int i = 0; i < 20; i++) { // warm-up
                post.apply("/v1/events", "{\"type\":\"bench.tick\",\"data\":{\"i\":" + i + "}}");
                post.apply(ingestPath, "{\"event_id\":\"w" + i + "\",\"i\":" + i + "}");
            }
            long[] publish = new long[answers];
            long[] ingest = new long[answers];
            long[] ingestAwsMicros = new long[answers];
            java.util.Map<String, Long> ingestCalls = new java.util.TreeMap<>();
            java.util.Map<String, Long> ingestCallNanos = new java.util.TreeMap<>();
            // Ingests first, then publishes: each publish is fanned out afterwards by the platform's stream
            // poller, whose DynamoDB and SQS calls would otherwise be timed with the next ingest.
            for (int i = 0; i < answers; i++) {
                CostMeter.start();
                long t0 = System.nanoTime();
                int q = post.apply(ingestPath, "{\"event_id\":\"e" + i + "-" + System.nanoTime() + "\",\"i\":" + i + "}");
                ingest[i] = System.nanoTime() - t0;
                CostMeter.Usage used = CostMeter.stop();
                if (q != 202) {
                    throw new IllegalStateException("ingest answered " + q);
                }
                ingestAwsMicros[i] = used.callNanos(ours) / 1000;
                used.calls().forEach((op, n) -> {
                    if (ours.test(op)) {
                        ingestCalls.merge(op, n, Long::sum);
                        ingestCallNanos.merge(op, used.callNanos(op::equals), Long::sum);
                    }
                });
            }
            for (int i = 0; i < answers; i++) {
                long t0 = System.nanoTime();
                int p = post.apply("/v1/events", "{\"type\":\"bench.tick\",\"data\":{\"i\":" + i + "}}");
                publish[i] = System.nanoTime() - t0;
                if (p != 202) {
                    throw new IllegalStateException("publish answered " + p);
                }
            }
            Arrays.sort(publish);
            Arrays.sort(ingest);
            System.out.printf("publish (POST /v1/events, 1 endpoint): p50 %.1f ms, p90 %.1f ms (goal p50 <= 15 ms);"
                            + " ingest (POST /in/{token}, stream): p50 %.1f ms, p90 %.1f ms (goal p50 <= 10 ms); n=%d each, sequential%n",
                    publish[answers / 2] / 1e6, publish[answers * 9 / 10] / 1e6, ingest[answers / 2] / 1e6,
                    ingest[answers * 9 / 10] / 1e6, answers);
            Arrays.sort(ingestAwsMicros);
            System.out.printf("ingest: %.1f ms median inside AWS calls; calls per ingest (mean ms each): %s%n",
                    ingestAwsMicros[answers / 2] / 1e3, ingestCalls.entrySet().stream()
                            .map(e -> e.getKey() + " " + String.format("%.1f (%.1f ms)", (double) e.getValue() / answers,
                                    ingestCallNanos.get(e.getKey()) / 1e6 / e.getValue())).toList());
        }
        System.exit(0);
    }

    /** One timed stretch with the AWS calls made inside it (count and time spent in them). */
    private record Metered(long millis, CostMeter.Usage usage) {
    }

    /** Creates fresh pending deliveries outside the timing, then times only the handler invocations. */
    private record Setup(LocalPlatform platform, String tenant) {
        long run(String endpointId, int batches, int size) {
            return timed(endpointId, batches, size, false).millis();
        }

        Metered metered(String endpointId, int batches, int size) {
            return timed(endpointId, batches, size, true);
        }

        private Metered timed(String endpointId, int batches, int size, boolean meter) {
            var messages = new DynamoMessageStore(platform.aws().dynamo(), platform.tableName("DeliveriesTable"));
            var deliveries = new DynamoDeliveryStore(platform.aws().dynamo(), platform.tableName("DeliveriesTable"));
            List<SQSEvent> events = new ArrayList<>();
            for (int b = 0; b < batches; b++) {
                List<SQSEvent.SQSMessage> records = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    String suffix = System.nanoTime() + "-" + b + "-" + i;
                    Instant now = Instant.now();
                    // Stored as scheduled a day ahead, never released during the run: a ready message would
                    // also be fanned out by the platform's stream poller, whose work would be timed with ours.
                    messages.createScheduled(new Message("msg_bench" + suffix, tenant, "bench.tick", "{\"i\":" + i + "}",
                            now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(2))));
                    Delivery d = new Delivery("dlv_bench" + suffix, tenant, "msg_bench" + suffix, endpointId, "bench.tick",
                            DeliveryStatus.PENDING, 0, now, false, null, now, now, now.plus(Duration.ofDays(1)));
                    deliveries.createOnce(d);
                    SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
                    m.setMessageId("m-" + suffix);
                    m.setBody(new DeliveryTask(tenant, d.id()).toJson());
                    records.add(m);
                }
                SQSEvent event = new SQSEvent();
                event.setRecords(records);
                events.add(event);
            }
            if (meter) {
                CostMeter.start();
            }
            long start = System.nanoTime();
            for (SQSEvent event : events) {
                SQSBatchResponse response = (SQSBatchResponse) platform.function("DeliveryFunction").invoke(event);
                if (!response.getBatchItemFailures().isEmpty()) {
                    throw new IllegalStateException("failures in a benchmark batch: " + response.getBatchItemFailures().size());
                }
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            return new Metered(millis, meter ? CostMeter.stop() : CostMeter.snapshot());
        }
    }
}
