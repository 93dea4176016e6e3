package dev.hookline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.local.testing.Eventually;
import dev.hookline.local.testing.Http;
import dev.hookline.local.testing.TestPlatform;
import dev.hookline.local.testing.TestReceiver;
import dev.hookline.local.testing.Tenants;
import dev.hookline.local.testing.WithPlatform;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

import static dev.hookline.local.testing.Signers.hex;
import static dev.hookline.local.testing.Signers.hmac;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11 end to end: stream records that say whose they are and carry their request (headers, raw body,
 * attachments in object storage), FIFO groups per tenant/source/key, per-source backlog, pinned schemas, several
 * verification mechanisms, and shedding that publishes only what it kept.
 */
@WithPlatform
class StreamsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> AS_JSON = Map.of("Content-Type", "application/json");

    private record Created(String id, String path) {
    }

    private static Created source(Tenants t, String json) {
        Http.Response r = t.send("POST", "/v1/sources", json);
        assertEquals(201, r.status(), r.body());
        String url = r.json().get("ingest_url").asText();
        return new Created(r.json().get("id").asText(), url.substring(url.indexOf("/in/")));
    }

    private static String stream(String name, String verification, String stream) {
        return "{\"name\":\"" + name + "\",\"mode\":\"stream\",\"verification\":" + verification + ",\"stream\":" + stream + "}";
    }

    private static Http.Response post(TestPlatform p, Created src, Map<String, String> headers, String body) {
        return p.http().send("POST", src.path(), null, body, headers);
    }

    /** A streams-queue record with the message group it arrived in. */
    private record Got(JsonNode record, String group) {
    }

    /**
     * Reads the streams queue until {@code count} records of {@code sourceIds} arrived (or 20 s passed), in arrival
     * order; every message read is deleted, as a consumer would.
     */
    private static List<Got> read(TestPlatform p, Set<String> sourceIds, int count) throws Exception {
        List<Got> got = new ArrayList<>();
        String queue = p.platform().queueUrl("StreamsQueue");
        Instant end = Instant.now().plusSeconds(20);
        while (got.size() < count && Instant.now().isBefore(end)) {
            for (Message m : p.platform().aws().sqs().receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID)).messages()) {
                JsonNode packed = JSON.readTree(m.body());
                assertEquals("hookline.records.v2", packed.path("format").asText(), m.body());
                for (JsonNode r : packed.path("records")) {
                    if (sourceIds.contains(r.path("source_id").asText())) {
                        got.add(new Got(r, m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID)));
                    }
                }
                p.platform().aws().sqs().deleteMessage(b -> b.queueUrl(queue).receiptHandle(m.receiptHandle()));
            }
        }
        assertEquals(count, got.size(), "records of " + sourceIds);
        return got;
    }

    private static List<Got> only(List<Got> got, Predicate<JsonNode> which) {
        return got.stream().filter(g -> which.test(g.record())).toList();
    }

    // ---------------------------------------------------------------- 1: tenant-safe, ordered, complete

    @Test
    void twoTenantsWithTheSameOrderingKeyStayApartAndInOrder(TestPlatform p) throws Exception {
        Tenants a = new Tenants(p, "streams-a");
        Tenants b = new Tenants(p, "streams-b");
        String settings = "{\"ordering_key\":\"/account\"}";
        Created srcA = source(a, stream("orders", "{\"scheme\":\"none\"}", settings));
        Created srcB = source(b, stream("orders", "{\"scheme\":\"none\"}", settings));
        for (int i = 0; i < 6; i++) {
            // Interleaved calls, one key "A" for both tenants.
            Created src = i % 2 == 0 ? srcA : srcB;
            Http.Response r = post(p, src, AS_JSON, "[{\"account\":\"A\",\"seq\":" + i + "},{\"account\":\"A\",\"seq\":" + (i + 100) + "}]");
            assertEquals(202, r.status(), r.body());
        }
        List<Got> got = read(p, Set.of(srcA.id(), srcB.id()), 12);
        for (Tenants t : List.of(a, b)) {
            Created src = t == a ? srcA : srcB;
            List<Got> mine = only(got, r -> r.get("tenant_id").asText().equals(t.id()));
            assertEquals(6, mine.size(), "each tenant's records say whose they are");
            assertTrue(mine.stream().allMatch(g -> g.record().get("source_id").asText().equals(src.id())));
            assertTrue(mine.stream().allMatch(g -> g.record().get("ordering_key").asText().equals("A")));
            assertEquals(1, mine.stream().map(Got::group).distinct().count(), "one key of one source: one group");
            List<Integer> seq = mine.stream().map(g -> g.record().get("payload").get("seq").asInt()).toList();
            List<Integer> sent = t == a ? List.of(0, 100, 2, 102, 4, 104) : List.of(1, 101, 3, 103, 5, 105);
            assertEquals(sent, seq, "order kept within the tenant's key");
        }
        String groupA = only(got, r -> r.get("tenant_id").asText().equals(a.id())).getFirst().group();
        String groupB = only(got, r -> r.get("tenant_id").asText().equals(b.id())).getFirst().group();
        assertNotEquals(groupA, groupB, "the same key in two tenants is two groups");
        assertNotEquals("A", groupA, "the group is not the raw key");
        assertTrue(groupA.length() <= 128 && groupB.length() <= 128);
    }

    @Test
    void aGithubRecordCarriesItsEventTypeAndNeverItsCredentials(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "streams-gh");
        String secret = "gh-secret-0123456789";
        Created src = source(t, stream("github", "{\"scheme\":\"github\",\"secrets\":[\"" + secret + "\"]}",
                "{\"include_raw_body\":true}"));
        String body = "{\"action\":\"opened\",\"number\":" + System.nanoTime() + "}";
        Map<String, String> h = new HashMap<>(AS_JSON);
        h.put("X-GitHub-Event", "pull_request");
        h.put("X-GitHub-Delivery", "d-" + System.nanoTime());
        h.put("X-Hub-Signature-256", "sha256=" + hex(hmac("HmacSHA256", secret, body)));
        h.put("X-Correlation-Id", "corr-42");
        h.put("Cookie", "session=abc");
        Http.Response r = post(p, src, h, body);
        assertEquals(202, r.status(), r.body());
        JsonNode record = read(p, Set.of(src.id()), 1).getFirst().record();
        assertEquals("pull_request", record.get("headers").get("x-github-event").asText());
        assertEquals(h.get("X-GitHub-Delivery"), record.get("headers").get("x-github-delivery").asText());
        assertEquals("corr-42", record.get("headers").get("x-correlation-id").asText());
        assertFalse(record.get("headers").has("x-hub-signature-256"), record.toString());
        assertFalse(record.get("headers").has("cookie"));
        assertFalse(record.toString().contains(secret));
        assertEquals(t.id(), record.get("tenant_id").asText());
        assertEquals(r.json().get("id").asText(), record.get("delivery_id").asText());
        assertTrue(record.hasNonNull("received_at"));
        assertArrayEquals(body.getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(record.get("raw_body_base64").asText()),
                "the raw body, byte for byte");
    }

    @Test
    void credentialHeadersCannotBeAllowListed(TestPlatform p) {
        Tenants t = new Tenants(p, "streams-cred");
        for (String header : List.of("Authorization", "X-Hub-Signature-256", "Cookie", "X-My-Sig")) {
            Http.Response r = t.send("POST", "/v1/sources", stream("s", "{\"scheme\":\"hmac\",\"secrets\":[\"0123456789abcdef\"],"
                    + "\"header\":\"X-My-Sig\"}", "{\"headers\":[\"X-Correlation-Id\",\"" + header + "\"]}"));
            assertEquals(422, r.status(), header + ": " + r.body());
            assertEquals("stream.headers[1]", r.json().get("errors").get(0).get("field").asText());
        }
        Created ok = source(t, stream("s", "{\"scheme\":\"none\"}", "{\"headers\":[\"X-Tenant-Region\"]}"));
        Http.Response patched = t.send("PATCH", "/v1/sources/" + ok.id(), "{\"stream\":{\"headers\":[\"Set-Cookie\"]}}");
        assertEquals(422, patched.status(), patched.body());
    }

    // ---------------------------------------------------------------- 3: multipart and large bodies

    @Test
    void aMultipartUploadWithA2MiBFileYieldsAnS3ReferenceWhoseBytesMatch(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "streams-upload");
        Created src = source(t, "{\"name\":\"uploads\",\"mode\":\"stream\",\"verification\":{\"scheme\":\"none\"},"
                + "\"max_body_bytes\":4194304,\"stream\":{\"format\":\"multipart\"}}");
        byte[] file = new byte[2 * 1024 * 1024];
        new Random(11).nextBytes(file);
        String boundary = "hookline-" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nScan 7\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"scan\"; filename=\"scan.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        Http.Response r = p.http().sendBytes("POST", src.path(), null, body.toByteArray(),
                Map.of("Content-Type", "multipart/form-data; boundary=" + boundary));
        assertEquals(202, r.status(), r.body());

        JsonNode record = read(p, Set.of(src.id()), 1).getFirst().record();
        assertEquals("Scan 7", record.get("payload").get("title").asText());
        JsonNode ref = record.get("attachments").get(0);
        assertEquals("scan", ref.get("field").asText());
        assertEquals("scan.bin", ref.get("filename").asText());
        assertEquals("application/octet-stream", ref.get("content_type").asText());
        assertEquals(file.length, ref.get("size").asLong());
        assertEquals(sha256(file), ref.get("sha256").asText());
        assertEquals(p.platform().resources().get("AttachmentsBucket").ref(), ref.get("bucket").asText());
        assertTrue(ref.get("key").asText().contains(t.id()), "keys are under the tenant: " + ref);
        byte[] stored = p.platform().attachment(ref.get("bucket").asText(), ref.get("key").asText());
        assertArrayEquals(file, stored, "the stored object is the uploaded file");
    }

    @Test
    void aTriggerTakesMultipartFieldsButNotFiles(TestPlatform p) {
        Tenants t = new Tenants(p, "streams-trigger-mp");
        Http.Response created = t.send("POST", "/v1/sources", "{\"name\":\"t\",\"mode\":\"trigger\",\"verification\":"
                + "{\"scheme\":\"none\"},\"trigger\":{\"pipeline\":\"p\",\"parameters\":{\"title\":\"/title\"},"
                + "\"required\":[\"title\"]}}");
        assertEquals(201, created.status(), created.body());
        String url = created.json().get("ingest_url").asText();
        Created src = new Created(created.json().get("id").asText(), url.substring(url.indexOf("/in/")));
        String boundary = "b" + System.nanoTime();
        String fields = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nReport " + boundary + "\r\n";
        Map<String, String> type = Map.of("Content-Type", "multipart/form-data; boundary=" + boundary);
        Http.Response run = post(p, src, type, fields + "--" + boundary + "--\r\n");
        assertEquals(202, run.status(), run.body());
        assertEquals("Report " + boundary, t.get("/v1/runs/" + run.json().get("id").asText()).json()
                .get("parameters").get("title").asText());
        Http.Response file = post(p, src, type, fields + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"f\";"
                + " filename=\"a.bin\"\r\nContent-Type: application/octet-stream\r\n\r\nxyz\r\n--" + boundary + "--\r\n");
        assertEquals(415, file.status(), file.body());
    }

    @Test
    void aRecordOverTheInlineLimitTravelsByReference(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "streams-big");
        Created src = source(t, stream("big", "{\"scheme\":\"none\"}", "{\"inline_limit_bytes\":2048,\"include_raw_body\":true}"));
        String big = "{\"id\":\"big-1\",\"blob\":\"" + "x".repeat(5000) + "\"}";
        String small = "{\"id\":\"small-1\"}";
        String body = "[" + big + ", " + small + "]";
        Http.Response r = post(p, src, AS_JSON, body);
        assertEquals(202, r.status(), r.body());
        List<Got> got = read(p, Set.of(src.id()), 2);
        JsonNode bigRecord = only(got, g -> g.get("event_id").asText().equals("big-1")).getFirst().record();
        JsonNode smallRecord = only(got, g -> g.get("event_id").asText().equals("small-1")).getFirst().record();
        assertFalse(bigRecord.has("payload"));
        JsonNode ref = bigRecord.get("payload_ref");
        assertArrayEquals(big.getBytes(StandardCharsets.UTF_8), p.platform().attachment(ref.get("bucket").asText(),
                ref.get("key").asText()), "the record's exact text");
        assertEquals("small-1", smallRecord.get("payload").get("id").asText());
        // Two records share one raw body: stored once, referenced from both.
        assertEquals(bigRecord.get("raw_body_ref"), smallRecord.get("raw_body_ref"));
        JsonNode raw = smallRecord.get("raw_body_ref");
        assertArrayEquals(body.getBytes(StandardCharsets.UTF_8), p.platform().attachment(raw.get("bucket").asText(),
                raw.get("key").asText()));
    }

    // ---------------------------------------------------------------- 2: schema pinning

    @Test
    void aPinnedSchemaRefusesOrQuarantinesDrift(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "streams-schema");
        String schema = "{\"type\":\"object\",\"required\":[\"id\"],\"properties\":{\"amount\":{\"type\":\"integer\"}}}";
        Created strict = source(t, stream("strict", "{\"scheme\":\"none\"}", "{\"schema\":" + schema + "}"));
        Created quarantine = source(t, stream("quarantine", "{\"scheme\":\"none\"}",
                "{\"schema\":" + schema + ",\"schema_mode\":\"quarantine\"}"));
        Http.Response refused = post(p, strict, AS_JSON, "[{\"id\":\"ok\",\"amount\":1},{\"id\":\"bad\",\"amount\":\"1\"}]");
        assertEquals(422, refused.status(), refused.body());
        assertEquals("records[1]/amount", refused.json().get("errors").get(0).get("field").asText());
        assertEquals(202, post(p, strict, AS_JSON, "{\"id\":\"fine\",\"amount\":2}").status());

        Http.Response kept = post(p, quarantine, AS_JSON, "[{\"id\":\"ok\",\"amount\":1},{\"amount\":\"x\"}]");
        assertEquals(202, kept.status(), kept.body());
        assertEquals(2, kept.json().get("records").asInt());
        List<Got> got = read(p, Set.of(strict.id(), quarantine.id()), 3);
        assertEquals(1, only(got, r -> r.get("source_id").asText().equals(strict.id())).size(), "only the valid call");
        List<Got> flagged = only(got, r -> r.path("quarantined").asBoolean());
        assertEquals(1, flagged.size());
        Set<String> paths = new HashSet<>();
        flagged.getFirst().record().get("violations").forEach(v -> paths.add(v.get("path").asText()));
        assertEquals(Set.of("/amount", "/id"), paths);
        JsonNode stats = t.get("/v1/sources/" + quarantine.id() + "/stats?window=1h").json();
        assertEquals(1, stats.get("quarantined").asInt(), stats.toString());
        assertEquals(0, stats.get("shed").asInt());
        assertEquals(422, t.send("POST", "/v1/sources", stream("s", "{\"scheme\":\"none\"}",
                "{\"schema\":{\"type\":\"strin\"}}")).status());
    }

    // ---------------------------------------------------------------- 1: backpressure and shedding

    @Test
    void backpressureCountsOnlyTheSourcesOwnBacklog(TestPlatform p) {
        Tenants busy = new Tenants(p, "streams-busy");
        Tenants fresh = new Tenants(p, "streams-fresh");
        String limited = "{\"backpressure\":{\"policy\":\"reject\",\"max_queue_depth\":5,\"retry_after_s\":3}}";
        Created noisy = source(busy, stream("noisy", "{\"scheme\":\"none\"}", "{}"));
        for (int i = 0; i < 3; i++) {
            Http.Response r = post(p, noisy, AS_JSON, "[{\"n\":1},{\"n\":2},{\"n\":3},{\"n\":" + System.nanoTime() + "}]");
            assertEquals(202, r.status(), r.body());
        }
        Created capped = source(fresh, stream("capped", "{\"scheme\":\"none\"}", limited));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            statuses.add(post(p, capped, AS_JSON, "{\"i\":" + i + ",\"at\":" + System.nanoTime() + "}").status());
        }
        assertEquals(List.of(202, 202, 202, 202, 202, 429, 429), statuses,
                "another tenant's 12 records do not count; this source's 5 do");
        Http.Response refused = post(p, capped, AS_JSON, "{\"late\":" + System.nanoTime() + "}");
        assertEquals("3", refused.header("retry-after"));
    }

    @Test
    void shedCountsMatchDeliveries(TestPlatform p) throws Exception {
        try (TestReceiver receiver = new TestReceiver()) {
            Tenants t = new Tenants(p, "streams-shed");
            t.createEndpoint("{\"url\":\"" + receiver.url("/") + "\",\"event_types\":[\"firehose.*\"]}");
            Created src = source(t, stream("firehose", "{\"scheme\":\"none\"}",
                    "{\"backpressure\":{\"policy\":\"shed\",\"keep_rate\":0.5},\"publish_as_event\":\"firehose.sample\"}"));
            StringBuilder array = new StringBuilder("[");
            for (int i = 0; i < 20; i++) {
                array.append(i == 0 ? "" : ",").append("{\"i\":").append(i).append('}');
            }
            Http.Response r = post(p, src, AS_JSON, array + "]");
            assertEquals(202, r.status(), r.body());
            int kept = r.json().get("records").asInt();
            assertEquals(20, kept + r.json().get("shed").asInt());
            assertEquals(kept, read(p, Set.of(src.id()), kept).size(), "queued records = kept");
            JsonNode events = t.get("/v1/events?limit=100").json().get("data");
            assertEquals(kept, events.size(), "one event per kept record, none for a shed one");
            Eventually.until(Duration.ofSeconds(20), () -> receiver.received().stream()
                    .map(x -> x.header("webhook-id")).distinct().count() >= kept, kept + " deliveries");
            Set<String> eventIds = new HashSet<>();
            events.forEach(e -> eventIds.add(e.get("id").asText()));
            Set<String> delivered = new HashSet<>();
            receiver.received().forEach(x -> delivered.add(x.header("webhook-id")));
            assertEquals(eventIds, delivered, "deliveries are exactly the kept records' events");
            JsonNode stats = t.get("/v1/sources/" + src.id() + "/stats").json();
            assertEquals(20 - kept, stats.get("shed").asInt(), stats.toString());
        }
    }

    // ---------------------------------------------------------------- 4: several mechanisms

    @Test
    void aSourceMayRequireSeveralMechanisms(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "streams-multi");
        String secret = "hmac-secret-0123456789";
        String token = "bearer-token-0123456789";
        Created src = source(t, stream("both", "{\"all_of\":[{\"scheme\":\"github\",\"secrets\":[\"" + secret + "\"]},"
                + "{\"scheme\":\"bearer\",\"tokens\":[\"" + token + "\"]}]}", "{}"));
        JsonNode view = t.get("/v1/sources/" + src.id()).json().get("verification");
        assertEquals("all_of", view.get("scheme").asText());
        assertEquals("[\"github\",\"bearer\"]", view.get("all_of").toString());
        assertFalse(view.toString().contains(secret) || view.toString().contains(token));

        String body = "{\"n\":" + System.nanoTime() + "}";
        Map<String, String> signature = Map.of("X-Hub-Signature-256", "sha256=" + hex(hmac("HmacSHA256", secret, body)));
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + token);
        Map<String, String> both = new HashMap<>(AS_JSON);
        both.putAll(signature);
        both.putAll(bearer);
        Map<String, String> onlySignature = new HashMap<>(AS_JSON);
        onlySignature.putAll(signature);
        Map<String, String> onlyBearer = new HashMap<>(AS_JSON);
        onlyBearer.putAll(bearer);
        assertEquals(401, post(p, src, onlySignature, body).status(), "the signature alone is not enough");
        assertEquals(401, post(p, src, onlyBearer, body).status(), "the token alone is not enough");
        Http.Response ok = post(p, src, both, body);
        assertEquals(202, ok.status(), ok.body());
        read(p, Set.of(src.id()), 1);

        Created single = source(t, stream("one", "{\"scheme\":\"bearer\",\"tokens\":[\"" + token + "\"]}", "{}"));
        assertEquals("bearer", t.get("/v1/sources/" + single.id()).json().get("verification").get("scheme").asText());
        assertEquals(202, post(p, single, onlyBearer, body).status(), "one mechanism works as before");
        read(p, Set.of(single.id()), 1);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
