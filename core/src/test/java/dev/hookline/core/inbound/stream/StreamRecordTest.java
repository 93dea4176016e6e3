package dev.hookline.core.inbound.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.core.inbound.parse.NormalizedRecord;
import dev.hookline.core.inbound.parse.Normalizer;
import dev.hookline.core.inbound.parse.ParsedRecord;
import dev.hookline.core.inbound.trigger.Violation;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamRecordTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-12-02T10:00:00Z");

    private static NormalizedRecord record(String text) throws Exception {
        return Normalizer.normalizeRecords(List.of(ParsedRecord.json(JSON.readTree(text), text)), "rec_1", AT).getFirst();
    }

    private static StreamRecord.Call call(String raw) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-github-event", "push");
        headers.put("x-correlation-id", "c\"1");
        return new StreamRecord.Call("ten_1", "src_1", headers, raw, null);
    }

    @Test
    void aRecordSaysWhoseItIsAndCarriesTheEnvelopeHeadersAndTheSendersText() throws Exception {
        String text = "{\"id\":\"evt_1\",  \"type\":\"a.b\",\"n\":1.50}";
        JsonNode r = JSON.readTree(StreamRecord.message(call(null), record(text), "acct-1", null, List.of(), null));
        assertEquals("ten_1", r.get("tenant_id").asText());
        assertEquals("src_1", r.get("source_id").asText());
        assertEquals("rec_1:0", r.get("record_id").asText());
        assertEquals("rec_1", r.get("delivery_id").asText());
        assertEquals(AT.toString(), r.get("received_at").asText());
        assertEquals("evt_1", r.get("event_id").asText());
        assertEquals("a.b", r.get("type").asText());
        assertEquals("acct-1", r.get("ordering_key").asText());
        assertEquals("push", r.get("headers").get("x-github-event").asText());
        assertEquals("c\"1", r.get("headers").get("x-correlation-id").asText());
        assertTrue(StreamRecord.message(call(null), record(text), null, null, List.of(), null)
                .contains("\"payload\":" + text), "the sender's text, verbatim");
        assertFalse(r.has("quarantined"));
        assertFalse(r.has("payload_ref"));
    }

    @Test
    void aPayloadByReferenceReplacesTheInlineOne() throws Exception {
        byte[] bytes = "{\"big\":true}".getBytes(StandardCharsets.UTF_8);
        Attachment ref = Attachment.of("bkt", "tenants/ten_1/x/payload", bytes, "application/json", null, null);
        JsonNode r = JSON.readTree(StreamRecord.message(call(null), record("{\"big\":true}"), null, ref, List.of(), null));
        assertFalse(r.has("payload"));
        assertEquals("bkt", r.get("payload_ref").get("bucket").asText());
        assertEquals(bytes.length, r.get("payload_ref").get("size").asInt());
        // printf '{"big":true}' | sha256sum
        assertEquals("4758e2a1933ef9e7fd78eff216a32e75836e297d893e8a74165df98e9650aaa9",
                r.get("payload_ref").get("sha256").asText());
    }

    @Test
    void rawBodyAttachmentsAndQuarantineAreCarried() throws Exception {
        Attachment file = Attachment.of("bkt", "k/part-0", new byte[]{1, 2, 3}, "image/png", "photo", "a.png");
        String raw = Base64.getEncoder().encodeToString("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        JsonNode r = JSON.readTree(StreamRecord.message(call(raw), record("{\"a\":1}"), null, null, List.of(file),
                List.of(new Violation("/a", "must be a string"))));
        assertEquals("{\"a\":1}", new String(Base64.getDecoder().decode(r.get("raw_body_base64").asText()), StandardCharsets.UTF_8));
        assertEquals("photo", r.get("attachments").get(0).get("field").asText());
        assertEquals("a.png", r.get("attachments").get(0).get("filename").asText());
        assertEquals(3, r.get("attachments").get(0).get("size").asInt());
        assertTrue(r.get("quarantined").asBoolean());
        assertEquals("/a", r.get("violations").get(0).get("path").asText());
    }
}
