package dev.hookline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import dev.hookline.local.testing.AdjustableClock;
import dev.hookline.local.testing.Eventually;
import dev.hookline.local.testing.Http;
import dev.hookline.local.testing.TestPlatform;
import dev.hookline.local.testing.TestReceiver;
import dev.hookline.local.testing.Tenants;
import dev.hookline.local.testing.WithPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.hookline.local.testing.Signers.b64;
import static dev.hookline.local.testing.Signers.hex;
import static dev.hookline.local.testing.Signers.hmac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 4 end to end: sources, verified ingest, dedup, runs and streams through the local platform. */
@WithPlatform
class IngestIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "it-secret-0123456789abcdef";
    /** Received from the no-consumer queues by tests, filtered by what each test created. */
    private static final Map<String, List<JsonNode>> RUNS_SEEN = new ConcurrentHashMap<>();

    // ---------------------------------------------------------------- signing per scheme

    /** A valid request for a scheme: headers and the body, signed at {@code at}. */
    record Signed(Map<String, String> headers, String body) {
    }

    private static Signed sign(String scheme, String body, Instant at, String secret, String url) {
        long ts = at.getEpochSecond();
        Map<String, String> h = new HashMap<>();
        h.put("Content-Type", "application/json");
        switch (scheme) {
            case "github" -> {
                h.put("X-Hub-Signature-256", "sha256=" + hex(hmac("HmacSHA256", secret, body)));
                h.put("X-GitHub-Delivery", "gh-" + ts + "-" + body.hashCode());
            }
            case "shopify" -> {
                h.put("X-Shopify-Hmac-Sha256", b64(hmac("HmacSHA256", secret, body)));
                h.put("X-Shopify-Webhook-Id", "sh-" + ts + "-" + body.hashCode());
            }
            case "stripe" -> h.put("Stripe-Signature", "t=" + ts + ",v1=" + hex(hmac("HmacSHA256", secret, ts + "." + body)));
            case "slack" -> {
                h.put("X-Slack-Request-Timestamp", Long.toString(ts));
                h.put("X-Slack-Signature", "v0=" + hex(hmac("HmacSHA256", secret, "v0:" + ts + ":" + body)));
            }
            case "hmac" -> {
                h.put("X-Timestamp", Long.toString(ts));
                h.put("X-Signature", "sha512=" + hex(hmac("HmacSHA512", secret, ts + "." + body)));
            }
            case "bearer" -> h.put("Authorization", "Bearer " + secret);
            case "paddle" -> h.put("Paddle-Signature", "ts=" + ts + ";h1=" + hex(hmac("HmacSHA256", secret, ts + ":" + body)));
            case "zoom" -> {
                h.put("x-zm-request-timestamp", Long.toString(ts));
                h.put("x-zm-signature", "v0=" + hex(hmac("HmacSHA256", secret, "v0:" + ts + ":" + body)));
            }
            case "square" -> h.put("x-square-hmacsha256-signature", b64(hmac("HmacSHA256", secret, url + body)));
            case "pagerduty" -> h.put("X-PagerDuty-Signature", "v1=" + hex(hmac("HmacSHA256", secret, body)));
            case "intercom" -> h.put("X-Hub-Signature", "sha1=" + hex(hmac("HmacSHA1", secret, body)));
            case "segment" -> h.put("X-Signature", hex(hmac("HmacSHA1", secret, body)));
            case "standard-webhooks" -> {
                try {
                    String id = "msg_" + ts + body.hashCode();
                    h.put("webhook-id", id);
                    h.put("webhook-timestamp", Long.toString(ts));
                    h.put("webhook-signature", new Webhook(secret).sign(id, ts, body));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            case "twilio" -> {
                h.put("Content-Type", "application/x-www-form-urlencoded");
                // body is a form here: sorted params concatenated after the URL
                StringBuilder signed = new StringBuilder(url);
                new java.util.TreeMap<>(form(body)).forEach((k, v) -> signed.append(k).append(v));
                h.put("X-Twilio-Signature", b64(hmac("HmacSHA1", secret, signed.toString())));
                h.put("I-Twilio-Idempotency-Token", "tw-" + ts + "-" + body.hashCode());
            }
            case "none" -> { }
            default -> throw new IllegalArgumentException(scheme);
        }
        return new Signed(h, body);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            out.put(java.net.URLDecoder.decode(kv[0], java.nio.charset.StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(kv.length > 1 ? kv[1] : "", java.nio.charset.StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String verification(String scheme, String secret) {
        return switch (scheme) {
            case "hmac" -> "{\"scheme\":\"hmac\",\"secrets\":[\"" + secret + "\"],\"algorithm\":\"SHA-512\",\"header\":\"X-Signature\","
                    + "\"prefix\":\"sha512=\",\"encoding\":\"hex\",\"template\":\"{timestamp}.{body}\",\"timestamp_header\":\"X-Timestamp\"}";
            case "bearer" -> "{\"scheme\":\"bearer\",\"tokens\":[\"" + secret + "\"]}";
            case "none" -> "{\"scheme\":\"none\"}";
            default -> "{\"scheme\":\"" + scheme + "\",\"secrets\":[\"" + secret + "\"]}";
        };
    }

    private static String secretFor(String scheme) {
        return scheme.equals("standard-webhooks") ? "whsec_" + b64(SECRET.getBytes()) : SECRET;
    }

    private static String bodyFor(String scheme, String marker) {
        return scheme.equals("twilio") ? "CallSid=" + marker + "&From=%2B14158675309&Digits=1234"
                : "{\"id\":\"evt_" + marker + "\",\"type\":\"export.ready\",\"export_id\":\"" + marker + "\"}";
    }

    private record Created(String id, String ingestUrl, String path) {
    }

    private static Created createSource(TestPlatform p, Tenants t, String json) {
        Http.Response r = p.http().post("/v1/sources", t.key(), json);
        assertEquals(201, r.status(), r.body());
        String url = r.json().get("ingest_url").asText();
        return new Created(r.json().get("id").asText(), url, url.substring(url.indexOf("/in/")));
    }

    private static String triggerSource(String name, String verification, String extra) {
        return "{\"name\":\"" + name + "\",\"mode\":\"trigger\",\"verification\":" + verification
                + ",\"trigger\":{\"pipeline\":\"exports\",\"version\":\"3\",\"parameters\":{\"export_id\":\"/export_id\"},"
                + "\"required\":[\"export_id\"]}" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    private static Http.Response post(TestPlatform p, String path, Signed s) {
        return p.http().send("POST", path, null, s.body(), s.headers());
    }

    // ---------------------------------------------------------------- every scheme end to end

    @ParameterizedTest
    @ValueSource(strings = {"standard-webhooks", "stripe", "github", "shopify", "slack", "twilio", "square", "pagerduty",
            "zoom", "paddle", "intercom", "segment", "hmac", "bearer", "none"})
    void aValidCallIsQueuedAndEveryForgeryIs401(String scheme, TestPlatform p) {
        Tenants t = new Tenants(p, "scheme-" + scheme);
        String secret = secretFor(scheme);
        Created src = createSource(p, t, triggerSource(scheme, verification(scheme, secret), "").replace(
                "\"required\":[\"export_id\"]", scheme.equals("twilio") ? "\"required\":[]" : "\"required\":[\"export_id\"]"));
        String url = "http://localhost:" + p.platform().baseUri().getPort() + src.path();
        String marker = scheme.replace("-", "") + System.nanoTime();
        Instant now = p.clock().instant();

        Http.Response ok = post(p, src.path(), sign(scheme, bodyFor(scheme, marker), now, secret, url));
        assertEquals(202, ok.status(), ok.body());
        assertFalse(ok.json().get("duplicate").asBoolean());
        String runId = ok.json().get("id").asText();
        assertTrue(runId.startsWith("run_"));
        JsonNode run = t.get("/v1/runs/" + runId).json();
        assertEquals("queued", run.get("status").asText());
        assertEquals("exports", run.get("pipeline").asText());
        assertNotNull(runMessage(p, runId), "the run is on the runs queue");
        if (scheme.equals("none")) {
            return; // nothing to forge
        }
        Signed good = sign(scheme, bodyFor(scheme, marker + "x"), now, secret, url);
        if (!scheme.equals("bearer")) { // a bearer token vouches for the caller, not the body
            String tampered = good.body().replace(marker + "x", marker + "y");
            assertEquals(401, post(p, src.path(), new Signed(good.headers(), tampered)).status(), "tampered body");
        }
        String otherSecret = scheme.equals("standard-webhooks") ? "whsec_" + b64("another-secret-0123456789ab".getBytes()) : "xx-" + SECRET;
        Signed wrong = sign(scheme, bodyFor(scheme, marker + "w"), now, otherSecret, url);
        assertEquals(401, post(p, src.path(), wrong).status(), "wrong secret");
        Map<String, String> noSignature = new HashMap<>(good.headers());
        noSignature.keySet().removeIf(k -> k.toLowerCase().contains("signature") || k.equalsIgnoreCase("authorization")
                || k.toLowerCase().contains("hmac"));
        Http.Response missing = post(p, src.path(), new Signed(noSignature, good.body()));
        assertEquals(401, missing.status(), "missing header");
        assertEquals("application/problem+json", missing.header("content-type"));
        if (List.of("standard-webhooks", "stripe", "slack", "zoom", "paddle", "hmac").contains(scheme)) {
            assertEquals(401, post(p, src.path(), sign(scheme, bodyFor(scheme, marker + "s"), now.minusSeconds(600), secret, url)).status(), "stale");
            assertEquals(401, post(p, src.path(), sign(scheme, bodyFor(scheme, marker + "f"), now.plusSeconds(600), secret, url)).status(), "future");
        }
    }

    private static JsonNode runMessage(TestPlatform p, String runId) {
        return Eventually.poll(Duration.ofSeconds(10), () -> {
            if (!RUNS_SEEN.containsKey(runId)) {
                String queue = p.platform().queueUrl("RunsQueue");
                for (Message m : p.platform().aws().sqs().receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10)
                        .waitTimeSeconds(1)).messages()) {
                    try {
                        JsonNode body = JSON.readTree(m.body());
                        RUNS_SEEN.computeIfAbsent(body.get("run_id").asText(), k -> new ArrayList<>()).add(body);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                    p.platform().aws().sqs().deleteMessage(b -> b.queueUrl(queue).receiptHandle(m.receiptHandle()));
                }
            }
            List<JsonNode> seen = RUNS_SEEN.get(runId);
            return seen == null ? null : seen.getFirst();
        }, n -> n != null);
    }

    // ---------------------------------------------------------------- dedup, limits, allowlist

    @Test
    void aReplayedDeliveryIsADuplicateWithTheFirstId(TestPlatform p) {
        Tenants t = new Tenants(p, "replay");
        Created src = createSource(p, t, triggerSource("gh", verification("github", SECRET), ""));
        Signed s = sign("github", bodyFor("github", "r" + System.nanoTime()), p.clock().instant(), SECRET, null);
        Http.Response first = post(p, src.path(), s);
        Http.Response again = post(p, src.path(), s);
        assertEquals(202, first.status());
        assertEquals(200, again.status());
        assertTrue(again.json().get("duplicate").asBoolean());
        assertEquals(first.json().get("id").asText(), again.json().get("id").asText());
    }

    @Test
    void twentyConcurrentIdenticalCallsMakeExactlyOneRun(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "concurrent");
        Created src = createSource(p, t, triggerSource("gh", verification("github", SECRET), ""));
        Signed s = sign("github", bodyFor("github", "c" + System.nanoTime()), p.clock().instant(), SECRET, null);
        List<Http.Response> answers = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Http.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(pool.submit(() -> post(p, src.path(), s)));
            }
            for (Future<Http.Response> f : calls) {
                answers.add(f.get());
            }
        }
        assertEquals(1, answers.stream().filter(a -> a.status() == 202).count(), "one accepted");
        String run = answers.stream().filter(a -> a.status() == 202).findFirst().orElseThrow().json().get("id").asText();
        for (Http.Response a : answers) {
            if (a.status() == 409) {
                // Arrived while the first copy was still being queued: not a duplicate of anything kept yet.
                assertNotNull(a.header("retry-after"), "409 says when to come back");
                assertTrue(Integer.parseInt(a.header("retry-after")) >= 1);
            } else if (a.status() != 202) {
                assertEquals(200, a.status(), a.body());
                assertTrue(a.json().get("duplicate").asBoolean());
                assertEquals(run, a.json().get("id").asText(), "a duplicate names the run that was kept");
            }
        }
        Http.Response later = post(p, src.path(), s);
        assertEquals(200, later.status(), "once the first is queued, a copy is its duplicate");
        assertEquals(run, later.json().get("id").asText());
        assertEquals(1, t.get("/v1/runs?source_id=" + src.id()).json().get("data").size(), "exactly one run recorded");
    }

    @Test
    void bodiesAboveTheSourceLimitAre413NotTruncated(TestPlatform p) {
        Tenants t = new Tenants(p, "size");
        Created src = createSource(p, t, triggerSource("gh", verification("github", SECRET), "\"max_body_bytes\":1024"));
        String big = "{\"export_id\":\"" + "x".repeat(2000) + "\"}";
        Http.Response r = post(p, src.path(), sign("github", big, p.clock().instant(), SECRET, null));
        assertEquals(413, r.status(), r.body());
    }

    @Test
    void callsFromOutsideTheAllowlistAre403(TestPlatform p) {
        Tenants t = new Tenants(p, "allowlist");
        Created outside = createSource(p, t, triggerSource("a", verification("none", ""), "\"ip_allowlist\":[\"203.0.113.0/24\",\"2001:db8::/32\"]"));
        Created inside = createSource(p, t, triggerSource("b", verification("none", ""), "\"ip_allowlist\":[\"127.0.0.0/8\"]"));
        String body = "{\"export_id\":\"ip" + System.nanoTime() + "\"}";
        assertEquals(403, post(p, outside.path(), new Signed(Map.of("Content-Type", "application/json"), body)).status());
        assertEquals(202, post(p, inside.path(), new Signed(Map.of("Content-Type", "application/json"), body)).status());
    }

    @Test
    void anUnknownTokenIs404(TestPlatform p) {
        assertEquals(404, p.http().post("/in/definitely-not-a-token-0123456789", null, "{}").status());
    }

    // ---------------------------------------------------------------- triggers

    @Test
    void strictTriggersRefuseInvalidParametersAndOthersRecordAFailedRun(TestPlatform p) {
        Tenants t = new Tenants(p, "schema");
        String schema = "\"schema\":{\"type\":\"object\",\"properties\":{\"export_id\":{\"type\":\"string\",\"minLength\":3}}}";
        Created strict = createSource(p, t, "{\"name\":\"s\",\"mode\":\"trigger\",\"verification\":{\"scheme\":\"none\"},"
                + "\"trigger\":{\"pipeline\":\"p\",\"parameters\":{\"export_id\":\"/export_id\"},\"required\":[\"export_id\"]," + schema + ",\"strict\":true}}");
        Created lenient = createSource(p, t, "{\"name\":\"l\",\"mode\":\"trigger\",\"verification\":{\"scheme\":\"none\"},"
                + "\"trigger\":{\"pipeline\":\"p\",\"parameters\":{\"export_id\":\"/export_id\"},\"required\":[\"export_id\"]," + schema + ",\"strict\":false}}");
        Map<String, String> json = Map.of("Content-Type", "application/json");

        Http.Response refused = post(p, strict.path(), new Signed(json, "{\"export_id\":\"x" + "\",\"n\":" + System.nanoTime() + "}"));
        assertTrue(refused.status() == 400 || refused.status() == 422, refused.body());
        assertTrue(refused.json().get("errors").size() >= 1);
        Http.Response missing = post(p, strict.path(), new Signed(json, "{\"other\":" + System.nanoTime() + "}"));
        assertTrue(missing.status() == 400 || missing.status() == 422, missing.body());
        assertEquals("export_id", missing.json().get("errors").get(0).get("field").asText());

        Http.Response recorded = post(p, lenient.path(), new Signed(json, "{\"export_id\":\"x\",\"n\":" + System.nanoTime() + "}"));
        assertEquals(202, recorded.status(), recorded.body());
        assertEquals("failed_validation", recorded.json().get("status").asText());
        JsonNode run = t.get("/v1/runs/" + recorded.json().get("id").asText()).json();
        assertEquals("failed_validation", run.get("status").asText());
        assertTrue(run.get("violations").size() >= 1);
    }

    @Test
    void runStatusReportsPublishRunEventsToSubscribedEndpoints(TestPlatform p) throws Exception {
        try (TestReceiver receiver = new TestReceiver()) {
            Tenants t = new Tenants(p, "runs");
            // Reports only: run.queued (published at ingest) is another test's subject, and would race run.started here.
            t.createEndpoint("{\"url\":\"" + receiver.url("/") + "\",\"event_types\":[\"run.started\",\"run.succeeded\"]}");
            Created src = createSource(p, t, triggerSource("r", verification("none", ""), ""));
            Http.Response accepted = post(p, src.path(), new Signed(Map.of("Content-Type", "application/json"),
                    "{\"export_id\":\"e" + System.nanoTime() + "\"}"));
            String runId = accepted.json().get("id").asText();

            Http.Response started = t.send("POST", "/v1/runs/" + runId + "/status", "{\"status\":\"started\"}");
            assertEquals(200, started.status(), started.body());
            assertEquals("started", started.json().get("status").asText());
            TestReceiver.Received got = receiver.next(Duration.ofSeconds(15));
            assertNotNull(got, "run.started delivered");
            JsonNode event = JSON.readTree(got.body());
            assertEquals("run.started", event.get("type").asText());
            assertEquals(runId, event.get("data").get("run_id").asText());

            assertEquals(200, t.send("POST", "/v1/runs/" + runId + "/status", "{\"status\":\"succeeded\",\"detail\":\"12 rows\"}").status());
            assertEquals("run.succeeded", JSON.readTree(receiver.next(Duration.ofSeconds(15)).body()).get("type").asText());
            // A runner that repeats a report (its first call may have died after the change, before the event) gets
            // the same answer, and the event still goes out exactly once: its id comes from (run, status).
            assertEquals(200, t.send("POST", "/v1/runs/" + runId + "/status", "{\"status\":\"succeeded\"}").status());
            assertEquals(null, receiver.next(Duration.ofSeconds(3)), "run.succeeded is not published twice");
            assertEquals(409, t.send("POST", "/v1/runs/" + runId + "/status", "{\"status\":\"started\"}").status(), "final runs stay final");
            assertEquals(422, t.send("POST", "/v1/runs/" + runId + "/status", "{\"status\":\"exploded\"}").status());

            JsonNode listed = t.get("/v1/runs?source_id=" + src.id() + "&status=succeeded").json();
            assertEquals(runId, listed.get("data").get(0).get("id").asText());
            assertEquals(404, new Tenants(p, "other").get("/v1/runs/" + runId).status(), "another tenant's run");
        }
    }

    // ---------------------------------------------------------------- token rotation

    @Test
    void aRotatedTokenKeepsTheOldOneWorkingForTheGracePeriod(TestPlatform p) {
        Tenants t = new Tenants(p, "rotate");
        Created src = createSource(p, t, triggerSource("r", verification("none", ""), ""));
        Http.Response rotated = t.send("POST", "/v1/sources/" + src.id() + "/token/rotate", "{\"grace_s\":3600}");
        assertEquals(200, rotated.status(), rotated.body());
        String newUrl = rotated.json().get("ingest_url").asText();
        String newPath = newUrl.substring(newUrl.indexOf("/in/"));
        Map<String, String> json = Map.of("Content-Type", "application/json");
        assertEquals(202, post(p, newPath, new Signed(json, "{\"export_id\":\"n" + System.nanoTime() + "\"}")).status());
        assertEquals(202, post(p, src.path(), new Signed(json, "{\"export_id\":\"o" + System.nanoTime() + "\"}")).status(), "old token in grace");
        try {
            p.clock().advance(Duration.ofMinutes(61));
            assertEquals(404, post(p, src.path(), new Signed(json, "{\"export_id\":\"l" + System.nanoTime() + "\"}")).status(), "old token after grace");
            assertEquals(202, post(p, newPath, new Signed(json, "{\"export_id\":\"m" + System.nanoTime() + "\"}")).status());
        } finally {
            p.clock().reset();
        }
        assertFalse(t.get("/v1/sources/" + src.id()).body().contains(newPath.substring(4)), "GET never shows the token");
    }

    @Test
    void slackUrlVerificationIsAnsweredAfterTheSignatureChecks(TestPlatform p) {
        Tenants t = new Tenants(p, "slack");
        Created src = createSource(p, t, "{\"name\":\"s\",\"mode\":\"stream\",\"verification\":" + verification("slack", SECRET) + "}");
        String body = "{\"token\":\"x\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\",\"type\":\"url_verification\"}";
        Http.Response r = post(p, src.path(), sign("slack", body, p.clock().instant(), SECRET, null));
        assertEquals(200, r.status(), r.body());
        assertTrue(r.body().contains("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"));
        assertEquals(401, post(p, src.path(), sign("slack", body, p.clock().instant(), "wrong-secret-123456", null)).status());
    }

    // ---------------------------------------------------------------- streams

    @Test
    void arrayAndNdjsonBodiesExpandIntoNormalizedRecordsInOrderPerGroup(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "stream");
        Created src = createSource(p, t, "{\"name\":\"orders\",\"mode\":\"stream\",\"verification\":{\"scheme\":\"none\"},"
                + "\"stream\":{\"ordering_key\":\"/account_id\"}}");
        String run = Long.toString(System.nanoTime());
        StringBuilder array = new StringBuilder("[");
        for (int i = 0; i < 6; i++) {
            array.append(i == 0 ? "" : ",").append("{\"account_id\":\"acct-").append(i % 2).append("-").append(run)
                    .append("\",\"seq\":").append(i).append(",\"event_id\":\"e").append(run).append(i)
                    .append("\",\"timestamp\":").append(1700000000 + i).append("}");
        }
        array.append("]");
        Http.Response batch = post(p, src.path(), new Signed(Map.of("Content-Type", "application/json"), array.toString()));
        assertEquals(202, batch.status(), batch.body());
        assertEquals(6, batch.json().get("records").asInt());
        String ndjson = "{\"account_id\":\"acct-0-" + run + "\",\"seq\":6,\"created_at\":\"2021-04-26T17:36:27.458+02:00\"}\n"
                + "{\"account_id\":\"acct-0-" + run + "\",\"seq\":7,\"timestamp\":1700000000123}\n";
        Http.Response lines = post(p, src.path(), new Signed(Map.of("Content-Type", "application/x-ndjson"), ndjson));
        assertEquals(202, lines.status(), lines.body());
        assertEquals(2, lines.json().get("records").asInt());

        List<JsonNode> records = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        String queue = p.platform().queueUrl("StreamsQueue");
        Instant end = Instant.now().plusSeconds(15);
        while (records.size() < 8 && Instant.now().isBefore(end)) {
            for (Message m : p.platform().aws().sqs().receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID)).messages()) {
                JsonNode packed = JSON.readTree(m.body());
                assertEquals("hookline.records.v2", packed.path("format").asText(), m.body());
                for (JsonNode r : packed.path("records")) {
                    if (r.path("payload").path("account_id").asText().endsWith(run)) {
                        records.add(r);
                        groups.add(m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID));
                    }
                }
                p.platform().aws().sqs().deleteMessage(b -> b.queueUrl(queue).receiptHandle(m.receiptHandle()));
            }
        }
        assertEquals(8, records.size());
        java.util.Set<String> accountGroups = new java.util.HashSet<>();
        for (String account : List.of("acct-0-" + run, "acct-1-" + run)) {
            List<Integer> seq = new ArrayList<>();
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int i = 0; i < records.size(); i++) {
                if (records.get(i).get("payload").get("account_id").asText().equals(account)) {
                    seq.add(records.get(i).get("payload").get("seq").asInt());
                    assertEquals(account, records.get(i).get("ordering_key").asText(), "the record names its key");
                    assertEquals(t.id(), records.get(i).get("tenant_id").asText());
                    assertEquals(src.id(), records.get(i).get("source_id").asText());
                    seen.add(groups.get(i));
                }
            }
            assertEquals(1, seen.size(), "one ordering key, one message group");
            accountGroups.addAll(seen);
            List<Integer> sorted = new ArrayList<>(seq);
            sorted.sort(Integer::compare);
            assertEquals(sorted, seq, "order kept within " + account);
        }
        assertEquals(2, accountGroups.size(), "two keys, two groups");
        JsonNode first = records.stream().filter(r -> r.get("payload").get("seq").asInt() == 0).findFirst().orElseThrow();
        JsonNode second = records.stream().filter(r -> r.get("payload").get("seq").asInt() == 1).findFirst().orElseThrow();
        assertEquals(first.get("delivery_id"), second.get("delivery_id"), "one batch, one delivery id");
        assertEquals(first.get("delivery_id").asText() + ":0", first.get("record_id").asText(), "records name their place");
        assertEquals(first.get("delivery_id").asText() + ":1", second.get("record_id").asText());
        assertEquals(first.get("received_at"), second.get("received_at"));
        assertEquals("2023-11-14T22:13:20Z", first.get("timestamp").asText());
        assertEquals("e" + run + "0", first.get("event_id").asText());
        JsonNode offset = records.stream().filter(r -> r.get("payload").get("seq").asInt() == 6).findFirst().orElseThrow();
        assertEquals("2021-04-26T15:36:27.458Z", offset.get("timestamp").asText());
        JsonNode millis = records.stream().filter(r -> r.get("payload").get("seq").asInt() == 7).findFirst().orElseThrow();
        assertEquals("2023-11-14T22:13:20.123Z", millis.get("timestamp").asText());
    }

    @Test
    void aStreamCanRepublishEachRecordAsASignedEvent(TestPlatform p) throws Exception {
        try (TestReceiver receiver = new TestReceiver()) {
            Tenants t = new Tenants(p, "gateway");
            t.createEndpoint("{\"url\":\"" + receiver.url("/") + "\",\"event_types\":[\"orders.*\"]}");
            Created src = createSource(p, t, "{\"name\":\"shop\",\"mode\":\"stream\",\"verification\":{\"scheme\":\"none\"},"
                    + "\"stream\":{\"publish_as_event\":\"orders.received\"}}");
            String order = "o" + System.nanoTime();
            Http.Response r = post(p, src.path(), new Signed(Map.of("Content-Type", "application/json"),
                    "{\"order_id\":\"" + order + "\",\"total\":12}"));
            assertEquals(202, r.status(), r.body());
            TestReceiver.Received got = receiver.next(Duration.ofSeconds(15));
            assertNotNull(got, "the record reached the subscribed endpoint as an event");
            JsonNode event = JSON.readTree(got.body());
            assertEquals("orders.received", event.get("type").asText());
            assertEquals(order, event.get("data").get("order_id").asText());
            assertTrue(got.header("webhook-signature").startsWith("v1,"));
        }
    }

    @Test
    void sheddingDropsASampleAndSaysHowMany(TestPlatform p) {
        Tenants t = new Tenants(p, "shed");
        Created src = createSource(p, t, "{\"name\":\"firehose\",\"mode\":\"stream\",\"verification\":{\"scheme\":\"none\"},"
                + "\"stream\":{\"backpressure\":{\"policy\":\"shed\",\"keep_rate\":0.5}}}");
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            ndjson.append("{\"i\":").append(i).append(",\"run\":").append(System.nanoTime()).append("}\n");
        }
        Http.Response r = post(p, src.path(), new Signed(Map.of("Content-Type", "application/x-ndjson"), ndjson.toString()));
        assertEquals(202, r.status(), r.body());
        int kept = r.json().get("records").asInt();
        int shed = r.json().get("shed").asInt();
        assertEquals(200, kept + shed, "every record is either queued or counted as shed, never silently lost");
        assertTrue(shed > 40 && shed < 160, "about half shed at keep_rate 0.5, got " + shed);
    }

    @Test
    void rejectBackpressureAnswers429WithRetryAfter(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "pressure");
        Created src = createSource(p, t, "{\"name\":\"busy\",\"mode\":\"stream\",\"verification\":{\"scheme\":\"none\"},"
                + "\"stream\":{\"backpressure\":{\"policy\":\"reject\",\"max_per_second\":2,\"retry_after_s\":7}}}");
        Map<String, String> json = Map.of("Content-Type", "application/json");
        List<Http.Response> answers = new ArrayList<>();
        // The limit counts calls per second of the platform's clock: held still, all three calls fall in one second
        // however slowly a loaded machine serves them, so exactly the third is over the limit.
        try (AdjustableClock.Hold oneSecond = p.clock().hold()) {
            for (int i = 0; i < 3; i++) {
                answers.add(post(p, src.path(), new Signed(json, "{\"n\":" + System.nanoTime() + ",\"i\":" + i + "}")));
            }
        }
        assertEquals(List.of(202, 202, 429), answers.stream().map(Http.Response::status).toList(),
                answers.getLast().body());
        assertEquals("7", answers.getLast().header("retry-after"));
        assertTrue(answers.getLast().header("content-type").startsWith("application/problem+json"));
        try {
            p.clock().advance(Duration.ofSeconds(1));
            assertEquals(202, post(p, src.path(), new Signed(json, "{\"n\":" + System.nanoTime() + "}")).status(),
                    "the next second starts a fresh count");
        } finally {
            p.clock().reset();
        }
    }

    @Test
    void whenSqsFailsTheCallIs503AndTheRetryIsAcceptedNotADuplicate(TestPlatform p) {
        Tenants t = new Tenants(p, "sqs-down");
        Created src = createSource(p, t, triggerSource("gh", verification("github", SECRET), ""));
        Signed s = sign("github", bodyFor("github", "down" + System.nanoTime()), p.clock().instant(), SECRET, null);

        // The same handler class, built with a runs queue that does not exist: SQS refuses the send.
        Map<String, String> env = new HashMap<>(p.platform().function("IngestFunction").environment());
        env.put("RUNS_QUEUE_URL", env.get("RUNS_QUEUE_URL") + "-missing");
        var broken = new dev.hookline.local.runtime.LocalFunction(p.platform().function("IngestFunction").spec(), env, p.clock());
        var event = dev.hookline.local.http.GatewayEvents.build(new dev.hookline.local.http.GatewayEvents.IncomingRequest(
                        "POST", src.path(), null, toHeaders(s.headers(), p), s.body().getBytes(), "127.0.0.1",
                        p.platform().baseUri().getPort(), "HTTP/1.1"), "POST /in/{token}",
                Map.of("token", src.path().substring(4)), "req-sqs-down", Instant.now());
        var refused = (com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse) broken.invoke(event);
        assertEquals(503, refused.getStatusCode(), refused.getBody());
        assertNotNull(refused.getHeaders().get("retry-after"));

        Http.Response retried = post(p, src.path(), s);
        assertEquals(202, retried.status(), "the claim was released: the retry is accepted, not a duplicate");
    }

    private static Map<String, List<String>> toHeaders(Map<String, String> headers, TestPlatform p) {
        Map<String, List<String>> out = new HashMap<>();
        headers.forEach((k, v) -> out.put(k, List.of(v)));
        out.put("Host", List.of("localhost:" + p.platform().baseUri().getPort()));
        return out;
    }

    // ---------------------------------------------------------------- mutual TLS

    @Test
    void aSourceRequiringAClientCertificateAcceptsOnlyThatSubject(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "mtls");
        Created src = createSource(p, t, triggerSource("m", verification("none", ""),
                "\"require_client_cert\":true,\"client_cert_subject\":\"CN=pipeline.acme.test,O=Acme\""));
        String token = src.path().substring(4);
        assertEquals(403, invokeWithCert(p, token, null).get("statusCode").asInt(), "no certificate");
        assertEquals(403, invokeWithCert(p, token, "CN=intruder.test,O=Evil").get("statusCode").asInt(), "another subject");
        JsonNode ok = invokeWithCert(p, token, "CN=pipeline.acme.test,O=Acme");
        assertEquals(202, ok.get("statusCode").asInt(), ok.toString());
        // Over plain HTTP (the local platform has no TLS) there is never a certificate.
        assertEquals(403, p.http().post(src.path(), null, "{\"export_id\":\"x\"}").status());
        Http.Response missingSubject = p.http().post("/v1/sources", t.key(),
                triggerSource("n", verification("none", ""), "\"require_client_cert\":true"));
        assertEquals(422, missingSubject.status());
    }

    /** The raw event API Gateway sends through a custom domain with mutual TLS (requestContext.authentication). */
    private static JsonNode invokeWithCert(TestPlatform p, String token, String subject) throws Exception {
        var event = JSON.createObjectNode();
        event.put("version", "2.0").put("routeKey", "POST /in/{token}").put("rawPath", "/in/" + token).put("rawQueryString", "");
        event.putObject("headers").put("content-type", "application/json").put("host", "hooks.acme.test")
                .put("x-forwarded-proto", "https");
        event.putObject("pathParameters").put("token", token);
        var context = event.putObject("requestContext");
        context.put("requestId", "mtls-" + System.nanoTime()).put("domainName", "hooks.acme.test");
        context.putObject("http").put("method", "POST").put("path", "/in/" + token).put("sourceIp", "198.51.100.7");
        if (subject != null) {
            context.putObject("authentication").putObject("clientCert").put("subjectDN", subject)
                    .put("issuerDN", "CN=Acme Root CA").put("serialNumber", "1");
        }
        event.put("body", "{\"export_id\":\"" + System.nanoTime() + "\"}").put("isBase64Encoded", false);
        return (JsonNode) p.platform().function("IngestFunction").invoke(JSON.writeValueAsBytes(event));
    }

    // ---------------------------------------------------------------- management

    @Test
    void sourcesAreIsolatedPerTenantAndValidated(TestPlatform p) {
        Tenants a = new Tenants(p, "src-a");
        Tenants b = new Tenants(p, "src-b");
        Created src = createSource(p, a, triggerSource("gh", verification("github", SECRET), ""));
        for (String[] call : List.of(new String[]{"GET", ""}, new String[]{"PATCH", ""}, new String[]{"DELETE", ""},
                new String[]{"POST", "/token/rotate"}, new String[]{"POST", "/diagnose"},
                new String[]{"GET", "/verification-failures"}, new String[]{"GET", "/stats"})) {
            String body = call[0].equals("PATCH") ? "{\"name\":\"mine\"}" : call[0].equals("POST") ? "{}" : null;
            assertEquals(404, b.send(call[0], "/v1/sources/" + src.id() + call[1], body).status(), call[0] + call[1]);
        }
        JsonNode view = a.get("/v1/sources/" + src.id()).json();
        assertEquals("github", view.get("verification").get("scheme").asText());
        assertFalse(view.toString().contains(SECRET), "secrets are never shown");

        Http.Response bad = p.http().post("/v1/sources", a.key(), "{\"name\":\"\",\"mode\":\"river\",\"verification\":{\"scheme\":\"hmac\",\"secrets\":[\"s\"],\"algorithm\":\"MD5\"},\"ip_allowlist\":[\"999.1.1.1/8\"]}");
        assertEquals(422, bad.status(), bad.body());
        List<String> fields = new ArrayList<>();
        bad.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertTrue(fields.containsAll(List.of("name", "mode", "ip_allowlist[0]")), fields.toString());
    }
}
