package dev.hookline.local.bench;

import dev.hookline.local.LocalOptions;
import dev.hookline.local.LocalPlatform;
import dev.hookline.local.testing.Http;
import dev.hookline.local.testing.RepoPaths;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Issue 9's ingest figure, printed (not asserted): how long a sender waits for the answer to a 10,000-record JSON
 * array (~109 KB) posted to a stream source, through the local platform's HTTP API and the real IngestFunction,
 * ElasticMQ and DynamoDB Local (goal: well under the 10 s ingest timeout, <= 2 s here). Three layouts of ordering
 * keys: one key (the default), 100 keys and 1,000 keys (records of different keys never share a message, so 1,000
 * keys are 1,000 messages). Side by side, in the same run, the queue work the
 * first version did for the same records (one message each, ten per SendMessageBatch, one request after another)
 * is timed directly against ElasticMQ. Run: bench/ingest-10k.sh [rounds=11]
 */
public final class IngestBatchBenchmark {
    private static final int RECORDS = 10_000;

    public static void main(String[] args) throws Exception {
        BenchConsole.quiet("ingest-10k");
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 11;
        try (LocalPlatform platform = LocalPlatform.start(LocalOptions.defaults().withTemplate(RepoPaths.template())
                .withPort(0).withNamePrefix("hookline-bench-ingest-"))) {
            Http http = new Http(platform.baseUri());
            String key = http.post("/v1/tenants", platform.adminKey(), "{\"name\":\"bench\"}").json().get("api_key").asText();
            String oneKey = source(http, key, "");
            String hundredKeys = source(http, key, ",\"stream\":{\"ordering_key\":\"/account\"}");

            for (int i = 0; i < 3; i++) { // warm-up: JIT, connections, caches
                post(http, oneKey, body(i, 1));
            }
            long[] one = new long[rounds];
            long[] hundred = new long[rounds];
            long[] thousand = new long[rounds];
            int bytes = body(0, 1).length();
            for (int r = 0; r < rounds; r++) { // interleaved, so all three see the same machine
                one[r] = post(http, oneKey, body(1_000 + r, 1));
                hundred[r] = post(http, hundredKeys, body(2_000 + r, 100));
                thousand[r] = post(http, hundredKeys, body(3_000 + r, 1_000));
            }
            String queue = platform.queueUrl("StreamsQueue");
            int oldRounds = Math.max(3, rounds / 3);
            long[] old = new long[oldRounds];
            for (int r = 0; r < oldRounds; r++) {
                old[r] = firstVersionSends(platform, queue, 4_000 + r);
            }
            platform.aws().sqs().purgeQueue(b -> b.queueUrl(queue));

            System.out.printf("RESULT 10,000-record JSON array (%,d bytes, one key; more with an account field) to a stream"
                    + " source, answered 202 (n=%d each; 2-core machine shared with other builds):%n", bytes, rounds);
            print("  one ordering key      ", one);
            print("  100 ordering keys     ", hundred);
            print("  1,000 ordering keys   ", thousand);
            print("  first version's sends (10,000 messages, 1,000 SendMessageBatch one after another), queue work only",
                    old);
            System.out.printf("RESULT   ratio, first version's queue work alone / whole call now (one key): %.1f x%n",
                    (double) median(old) / median(one));
        }
        System.exit(0);
    }

    private static String source(Http http, String key, String extra) {
        String url = http.post("/v1/sources", key, "{\"name\":\"bench\",\"mode\":\"stream\",\"verification\":{\"scheme\":\"none\"},"
                + "\"max_body_bytes\":1048576" + extra + "}").json().get("ingest_url").asText();
        return url.substring(url.indexOf("/in/"));
    }

    /** {@code [{"n":0,"account":"a0"},…]}, unique per round so no call is a duplicate of another. */
    private static String body(int round, int keys) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < RECORDS; i++) {
            b.append(i == 0 ? "" : ",").append("{\"n\":").append(i);
            if (keys > 1) {
                b.append(",\"account\":\"a").append(i % keys).append('"');
            }
            if (i == 0) {
                b.append(",\"round\":").append(round);
            }
            b.append('}');
        }
        return b.append(']').toString();
    }

    private static long post(Http http, String path, String body) {
        long start = System.nanoTime();
        Http.Response r = http.send("POST", path, null, body, Map.of("Content-Type", "application/json"));
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (r.status() != 202 || r.json().get("records").asInt() != RECORDS) {
            throw new IllegalStateException("ingest answered " + r.status() + ": " + r.body());
        }
        return ms;
    }

    /** The first version's queue layout for the same records: one message each, ten per request, in sequence. */
    private static long firstVersionSends(LocalPlatform platform, String queue, int round) {
        long start = System.nanoTime();
        for (int i = 0; i < RECORDS; i += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int j = i; j < i + 10; j++) {
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(j - i))
                        .messageBody("{\"delivery_id\":\"rec_bench\",\"received_at\":\"2026-12-02T00:00:00Z\",\"payload\":{\"n\":" + j + "}}")
                        .messageGroupId("src_bench").messageDeduplicationId(round + "-" + j).build());
            }
            platform.aws().sqs().sendMessageBatch(b -> b.queueUrl(queue).entries(entries));
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void print(String label, long[] millis) {
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        System.out.printf("RESULT %s: median %,d ms, min %,d, max %,d%n", label, sorted[sorted.length / 2], sorted[0],
                sorted[sorted.length - 1]);
    }
}
