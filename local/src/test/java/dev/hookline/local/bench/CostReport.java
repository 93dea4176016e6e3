package dev.hookline.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.local.LocalOptions;
import dev.hookline.local.LocalPlatform;
import dev.hookline.local.runtime.LocalFunction;
import dev.hookline.local.template.FunctionSpec;
import dev.hookline.local.testing.AdjustableClock;
import dev.hookline.local.testing.Http;
import dev.hookline.local.testing.RepoPaths;
import dev.hookline.local.testing.TestReceiver;
import dev.hookline.local.testing.TestReceiver.Answer;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What a million webhooks cost on AWS, from a scripted workload through the local platform: every AWS call counted by
 * {@link CostMeter} (DynamoDB's own consumed-capacity figures included), every function invocation timed by the local
 * runner, and priced from the dated table in {@code bench/prices-us-east-1.properties}. Printed, never asserted.
 *
 * <p>Each scenario runs on fresh tenants, is metered from its first request until its queues are drained, and is
 * reported per event. The local SQS pollers receive as Lambda's do (up to 10 messages a call); empty receives are
 * counted apart and left out of the bill, because on AWS idle polling is a fixed cost per queue, not a cost per event.
 * Lambda's compute is the measured duration of each invocation on this machine at the template's memory size: on a
 * shared two-core machine, and against DynamoDB Local rather than DynamoDB, that is an estimate, not a quote.
 *
 * <p>Run: {@code bench/cost-report.sh [events per scenario=200] [scenario filter]}.
 */
public final class CostReport {
    /** As many callers as the machine has cores: enough to fill SQS batches, not so many that invocations queue for CPU. */
    private static final int CONCURRENCY = 2;

    private record Scenario(String name, String unit, int events, Bill bill, CostMeter.Usage usage,
                            Map<String, long[]> functions, long apiRequests) {
    }

    private record Bill(double apiGateway, double lambdaRequests, double lambdaCompute, double dynamoWrites,
                        double dynamoReads, double sqs, double secrets) {
        double total() {
            return apiGateway + lambdaRequests + lambdaCompute + dynamoWrites + dynamoReads + sqs + secrets;
        }
    }

    public static void main(String[] args) throws Exception {
        BenchConsole.quiet("cost-report");
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        String only = args.length > 1 ? args[1] : "";
        Properties prices = new Properties();
        try (Reader r = Files.newBufferedReader(RepoPaths.root().resolve("bench/prices-us-east-1.properties"))) {
            prices.load(r);
        }
        pricesShown = prices;
        AdjustableClock clock = new AdjustableClock();
        List<Scenario> results = new ArrayList<>();
        try (LocalPlatform platform = LocalPlatform.start(LocalOptions.defaults().withTemplate(RepoPaths.template())
                     .withPort(0).withClock(clock).withSchedulePeriod(Duration.ofHours(6)).withNamePrefix("hookline-cost-"));
             TestReceiver ok = new TestReceiver().otherwise(() -> Answer.status(200));
             TestReceiver failing = new TestReceiver().otherwise(() -> Answer.status(500))) {
            Workload w = new Workload(platform, new Http(platform.baseUri()), clock, prices);
            String body1k = w.data(1024);

            if (only.isEmpty() || "single".contains(only)) {
                results.add(w.run("single publish, 1 endpoint", "event", events, () -> {
                    String key = w.tenant("single");
                    w.endpoint(key, ok.url("/single"), "");
                    return w.calls(events, i -> w.http.post("/v1/events", key,
                            "{\"type\":\"invoice.paid\",\"data\":" + body1k + "}").status(), 202);
                }, () -> ok.received().stream().filter(r -> r.path().startsWith("/single")).count() >= events));
            }
            if (only.isEmpty() || "batch".contains(only)) {
                String key = w.tenant("batch-probe");
                int probe = w.http.post("/v1/events/batch", key, "{\"events\":[]}").status();
                if (probe == 404 || probe == 405) {
                    System.out.println("batch publish: POST /v1/events/batch does not exist on this code (" + probe + "); skipped");
                } else {
                    int calls = Math.max(1, events / 100);
                    results.add(w.run("batch publish (100 a call), 1 endpoint", "event", calls * 100, () -> {
                        String k = w.tenant("batch");
                        w.endpoint(k, ok.url("/batch"), "");
                        StringBuilder batch = new StringBuilder("{\"events\":[");
                        for (int i = 0; i < 100; i++) {
                            batch.append(i == 0 ? "" : ",").append("{\"type\":\"invoice.paid\",\"data\":").append(body1k).append('}');
                        }
                        String payload = batch.append("]}").toString();
                        // 200 with a result per event: counted as done only when all 100 were accepted.
                        return w.calls(calls, i -> {
                            var r = w.http.post("/v1/events/batch", k, payload);
                            return r.status() == 200 && r.json().get("accepted").asInt() == 100 ? 200 : 1000 + r.status();
                        }, 200);
                    }, () -> ok.received().stream().filter(r -> r.path().startsWith("/batch")).count() >= calls * 100L));
                }
            }
            if (only.isEmpty() || "fanout".contains(only)) {
                int n = Math.max(1, events / 2);
                results.add(w.run("fan-out to 10 endpoints", "event", n, () -> {
                    String key = w.tenant("fanout");
                    for (int e = 0; e < 10; e++) {
                        w.endpoint(key, ok.url("/fan/" + e), "");
                    }
                    return w.calls(n, i -> w.http.post("/v1/events", key,
                            "{\"type\":\"invoice.paid\",\"data\":" + body1k + "}").status(), 202);
                }, () -> ok.received().stream().filter(r -> r.path().startsWith("/fan/")).count() >= n * 10L));
            }
            if (only.isEmpty() || "stream".contains(only)) {
                String key = w.tenant("stream");
                JsonNode source = w.http.post("/v1/sources", key, "{\"name\":\"s\",\"mode\":\"stream\",\"verification\":"
                        + "{\"scheme\":\"standard-webhooks\",\"secrets\":[\"" + Workload.WHSEC + "\"]}}").json();
                String path = w.ingestPath(source);
                results.add(w.run("ingest to a stream (signed)", "call", events, () -> w.calls(events,
                        i -> w.ingest(path, "{\"event_id\":\"e-" + i + "-" + System.nanoTime() + "\",\"type\":\"meter.read\",\"data\":" + body1k + "}"), 202),
                        () -> true));
            }
            if (only.isEmpty() || "trigger".contains(only)) {
                String key = w.tenant("trigger");
                JsonNode source = w.http.post("/v1/sources", key, "{\"name\":\"t\",\"mode\":\"trigger\",\"verification\":"
                        + "{\"scheme\":\"standard-webhooks\",\"secrets\":[\"" + Workload.WHSEC + "\"]},"
                        + "\"trigger\":{\"pipeline\":\"exports\",\"parameters\":{\"export_id\":\"/data/id\"},\"required\":[\"export_id\"]}}").json();
                String path = w.ingestPath(source);
                results.add(w.run("ingest to a trigger (signed)", "call", events, () -> w.calls(events,
                        i -> w.ingest(path, "{\"type\":\"export.ready\",\"data\":{\"id\":\"exp_" + i + "_" + System.nanoTime() + "\"}}"), 202),
                        () -> true));
            }
            if (only.isEmpty() || "retry".contains(only)) {
                int n = Math.max(1, events / 10);
                results.add(w.run("failing endpoint: 4 attempts 1 s apart, dead-lettered", "event", n, () -> {
                    String key = w.tenant("retry");
                    w.endpoint(key, failing.url("/retry"), ",\"retry\":{\"initial_backoff_s\":1,\"multiplier\":1,\"max_attempts\":4}"
                            + Workload.RELAXED_BREAKER);
                    return w.calls(n, i -> w.http.post("/v1/events", key,
                            "{\"type\":\"invoice.paid\",\"data\":" + body1k + "}").status(), 202);
                }, () -> failing.received().stream().filter(r -> r.path().startsWith("/retry")).count() >= n * 4L));

                results.add(w.run("failing endpoint: 3 attempts 1 h apart (scheduler), dead-lettered", "event", n, () -> {
                    String key = w.tenant("retry-long");
                    w.endpoint(key, failing.url("/long"), ",\"retry\":{\"initial_backoff_s\":3600,\"multiplier\":1,"
                            + "\"max_attempts\":3,\"max_backoff_s\":3600}" + Workload.RELAXED_BREAKER);
                    long requests = w.calls(n, i -> w.http.post("/v1/events", key,
                            "{\"type\":\"invoice.paid\",\"data\":" + body1k + "}").status(), 202);
                    for (int attempt = 1; attempt < 3; attempt++) {
                        long want = (long) n * attempt;
                        w.await(() -> failing.received().stream().filter(r -> r.path().startsWith("/long")).count() >= want);
                        w.drain();
                        clock.advance(Duration.ofMinutes(61));
                        platform.schedule("SchedulerFunction").fire();
                    }
                    return requests;
                }, () -> failing.received().stream().filter(r -> r.path().startsWith("/long")).count() >= n * 3L));
                clock.reset();
            }
        }
        results.removeIf(java.util.Objects::isNull);
        print(results, prices);
        System.exit(0);
    }

    private static Properties pricesShown;

    private static void printOne(Scenario s) {
        print(List.of(s), pricesShown, false);
    }

    private static void print(List<Scenario> results, Properties prices) {
        print(results, prices, true);
    }

    private static void print(List<Scenario> results, Properties prices, boolean table) {
        System.out.println();
        System.out.printf("AWS bill per 1M, us-east-1 list prices of %s (bench/prices-us-east-1.properties); Lambda arm64 at the"
                + " template's memory sizes, its duration as measured here (a shared 2-core machine, DynamoDB Local: an estimate).%n",
                prices.getProperty("date"));
        for (Scenario s : results) {
            double n = s.events();
            CostMeter.Usage u = s.usage();
            System.out.printf("%n%s: %d %ss%n", s.name(), s.events(), s.unit());
            System.out.printf("  per %s: %.2f API requests, DynamoDB %.2f RRU + %.2f WRU, SQS %.2f billed requests"
                            + " (+%.2f FIFO; %d empty receives not billed), Secrets Manager %.3f calls%n", s.unit(),
                    s.apiRequests() / n, u.readUnits() / n, u.writeUnits() / n, u.sqsBilledRequests() / n,
                    u.sqsFifoBilledRequests() / n, u.sqsEmptyReceives(), u.callsOf("Secrets Manager") / n);
            System.out.printf("  DynamoDB Streams (the fan-out trigger): %.2f GetRecords calls and %.2f records per %s, billed $0:"
                            + " GetRecords made by a Lambda trigger are free (%s)%n",
                    u.calls("DynamoDbStreams.GetRecords") / (double) n,
                    u.streamRecordsRead() / n, s.unit(), prices.getProperty("dynamodb.streams.lambda_trigger_reads"));
            StringBuilder calls = new StringBuilder();
            u.calls().forEach((op, count) -> calls.append(String.format(" %s %.2f;", op, count / n)));
            System.out.printf("  calls per %s:%s%n", s.unit(), calls);
            StringBuilder fns = new StringBuilder();
            s.functions().forEach((fn, v) -> fns.append(String.format(" %s %.2f invocations, %.1f ms;", fn, v[0] / n, v[1] / n)));
            System.out.printf("  Lambda per %s:%s%n", s.unit(), fns);
            Bill b = s.bill();
            System.out.printf("  $ per 1M %ss: API Gateway %.2f, Lambda requests %.2f, Lambda compute %.2f, DynamoDB writes %.2f,"
                            + " reads %.2f, SQS %.2f, Secrets Manager %.2f = %.2f%n", s.unit(), b.apiGateway(), b.lambdaRequests(),
                    b.lambdaCompute(), b.dynamoWrites(), b.dynamoReads(), b.sqs(), b.secrets(), b.total());
        }
        if (!table) {
            return;
        }
        System.out.println();
        System.out.println("| Scenario | $ per 1M | API GW | Lambda | DynamoDB | SQS | Secrets | WRU | RRU | DynamoDB calls | SQS requests | Lambda ms |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Scenario s : results) {
            double n = s.events();
            Bill b = s.bill();
            CostMeter.Usage u = s.usage();
            double ms = s.functions().values().stream().mapToLong(v -> v[1]).sum() / n;
            System.out.printf("| %s (per %s) | **%.2f** | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f |%n",
                    s.name(), s.unit(), b.total(), b.apiGateway(), b.lambdaRequests() + b.lambdaCompute(),
                    b.dynamoWrites() + b.dynamoReads(), b.sqs(), b.secrets(), u.writeUnits() / n, u.readUnits() / n,
                    u.callsOf("DynamoDB") / n, (u.sqsBilledRequests() + u.sqsFifoBilledRequests()) / n, ms);
        }
    }

    /** The scripted client side and the metering around it. */
    private static final class Workload {
        static final String WHSEC = "whsec_" + Base64.getEncoder().encodeToString("cost-report-signing-key-32-bytes".getBytes(StandardCharsets.UTF_8));
        static final String RELAXED_BREAKER = ",\"breaker\":{\"consecutive_failures_to_open\":100,\"failure_rate_to_open\":1.0,"
                + "\"minimum_attempts\":1000}";
        final LocalPlatform platform;
        final Http http;
        final AdjustableClock clock;
        final Properties prices;
        int tenants;
        /** Function figures when metering began: the scenario's setup (tenants, endpoints) is not its cost. */
        Map<String, long[]> meteredFrom;

        Workload(LocalPlatform platform, Http http, AdjustableClock clock, Properties prices) {
            this.platform = platform;
            this.http = http;
            this.clock = clock;
            this.prices = prices;
        }

        String tenant(String name) {
            return http.post("/v1/tenants", platform.adminKey(), "{\"name\":\"" + name + "-" + (++tenants) + "\"}")
                    .json().get("api_key").asText();
        }

        void endpoint(String key, String url, String extra) {
            var r = http.post("/v1/endpoints", key, "{\"url\":\"" + url + "\"" + extra + "}");
            if (r.status() != 201) {
                throw new IllegalStateException("endpoint not created: " + r.status() + " " + r.body());
            }
        }

        String ingestPath(JsonNode source) {
            String url = source.get("ingest_url").asText();
            return url.substring(url.indexOf("/in/"));
        }

        String data(int bytes) {
            StringBuilder sb = new StringBuilder("{\"invoice\":\"in_1Nv0\",\"amount\":4200,\"note\":\"");
            while (sb.length() < bytes - 2) {
                sb.append('x');
            }
            return sb.append("\"}").toString();
        }

        int ingest(String path, String body) {
            String id = "wh_" + System.nanoTime();
            long ts = Instant.now().getEpochSecond();
            String sig;
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(Base64.getDecoder().decode(WHSEC.substring(6)), "HmacSHA256"));
                sig = "v1," + Base64.getEncoder().encodeToString(mac.doFinal((id + "." + ts + "." + body).getBytes(StandardCharsets.UTF_8)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return http.send("POST", path, null, body, Map.of("content-type", "application/json", "webhook-id", id,
                    "webhook-timestamp", Long.toString(ts), "webhook-signature", sig)).status();
        }

        /** {@code count} requests, {@link #CONCURRENCY} at a time; every answer must be {@code expected}. */
        long calls(int count, IntFunction<Integer> call, int expected) {
            if (meteredFrom == null) {
                meteredFrom = functionStats();
                CostMeter.start();
            }
            List<Future<Integer>> answers = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY)) {
                for (int i = 0; i < count; i++) {
                    int n = i;
                    answers.add(pool.submit(() -> withRetries(() -> call.apply(n))));
                }
                for (Future<Integer> a : answers) {
                    int status = a.get();
                    if (status != expected) {
                        throw new IllegalStateException("a workload request answered " + status + ", not " + expected);
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return count;
        }

        /** A scenario's figures, or null (the reason printed) when it could not finish: the others still run. */
        /** A client's retries: the local gateway answers 503 when an invocation outlasts it, as API Gateway does. */
        static int withRetries(java.util.function.IntSupplier call) {
            for (int tries = 1; ; tries++) {
                try {
                    int status = call.getAsInt();
                    if ((status == 503 || status == 429 || status == 502) && tries < 5) {
                        pause(500L * tries);
                        continue;
                    }
                    return status;
                } catch (AssertionError e) {
                    // The contract check refuses the gateway's undeclared 503; a client would retry it.
                    if (tries >= 5 || e.getMessage() == null || !e.getMessage().matches("(?s).*-> (502|503|429).*")) {
                        throw e;
                    }
                    pause(500L * tries);
                }
            }
        }

        Scenario run(String name, String unit, int events, java.util.concurrent.Callable<Long> work,
                     java.util.function.BooleanSupplier done) {
            try {
                return measure(name, unit, events, work, done);
            } catch (Exception | AssertionError e) {
                CostMeter.stop();
                System.out.printf("  %s: NOT measured: %s%n", name, e);
                return null;
            }
        }

        Scenario measure(String name, String unit, int events, java.util.concurrent.Callable<Long> work,
                         java.util.function.BooleanSupplier done) throws Exception {
            System.out.printf("%s: %d %ss...%n", name, events, unit);
            meteredFrom = null;
            long started = System.nanoTime();
            long apiRequests = work.call();
            Map<String, long[]> before = meteredFrom;
            await(done);
            drain();
            CostMeter.Usage usage = CostMeter.stop();
            Map<String, long[]> after = functionStats();
            Map<String, long[]> used = new LinkedHashMap<>();
            after.forEach((fn, v) -> {
                long[] b = before.get(fn);
                if (v[0] - b[0] > 0) {
                    used.put(fn, new long[]{v[0] - b[0], v[1] - b[1], v[2]});
                }
            });
            System.out.printf("  done in %.1f s%n", (System.nanoTime() - started) / 1e9);
            Scenario figures = new Scenario(name, unit, events, bill(events, usage, used, apiRequests), usage, used, apiRequests);
            printOne(figures);
            return figures;
        }

        Bill bill(int events, CostMeter.Usage u, Map<String, long[]> functions, long apiRequests) {
            double perMillion = 1_000_000.0 / events;
            double invocations = functions.values().stream().mapToLong(v -> v[0]).sum();
            double gbSeconds = functions.values().stream().mapToDouble(v -> v[1] / 1000.0 * v[2] / 1024.0).sum();
            return new Bill(
                    apiRequests * perMillion * price("apigateway.http.requests.per_million") / 1e6,
                    invocations * perMillion * price("lambda.requests.per_million") / 1e6,
                    gbSeconds * perMillion * price("lambda.arm64.gb_second"),
                    u.writeUnits() * perMillion * price("dynamodb.write_units.per_million") / 1e6,
                    u.readUnits() * perMillion * price("dynamodb.read_units.per_million") / 1e6,
                    (u.sqsBilledRequests() * price("sqs.standard.requests.per_million")
                            + u.sqsFifoBilledRequests() * price("sqs.fifo.requests.per_million")) * perMillion / 1e6,
                    u.callsOf("Secrets Manager") * perMillion * price("secretsmanager.calls.per_10k") / 1e4);
        }

        double price(String name) {
            return Double.parseDouble(prices.getProperty(name));
        }

        /** Per function: invocations, billed ms, memory MB. */
        Map<String, long[]> functionStats() {
            Map<String, long[]> stats = new LinkedHashMap<>();
            for (FunctionSpec spec : platform.template().functions()) {
                LocalFunction f = platform.function(spec.logicalId());
                stats.put(spec.logicalId(), new long[]{f.invocationCount(), f.billedMillis(), spec.memoryMb()});
            }
            return stats;
        }

        void await(java.util.function.BooleanSupplier done) {
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (!done.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the workload did not finish within 5 minutes");
                }
                pause(50);
            }
        }

        /** Until the fan-out and delivery queues hold nothing, visible, in flight or delayed (twice in a row). */
        void drain() {
            List<String> queues = platform.template().functions().stream()
                    .flatMap(f -> f.sqsSources().stream())
                    .map(s -> platform.queueUrl(String.valueOf(((List<?>) ((Map<?, ?>) s.queue()).get("Fn::GetAtt")).get(0))))
                    .toList();
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            int quiet = 0;
            while (quiet < 2) {
                long pending = 0;
                for (String q : queues) {
                    Map<QueueAttributeName, String> a = CostMeter.uncounted(() -> platform.aws().sqs().getQueueAttributes(
                            GetQueueAttributesRequest.builder().queueUrl(q).attributeNames(
                                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED).build()).attributes());
                    pending += a.values().stream().mapToLong(Long::parseLong).sum();
                }
                quiet = pending == 0 ? quiet + 1 : 0;
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("queues did not drain within 5 minutes");
                }
                pause(200);
            }
        }

        static void pause(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
