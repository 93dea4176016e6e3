package dev.hookline.core.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.inbound.parse.BodyFormat;
import dev.hookline.core.inbound.parse.NormalizedRecord;
import dev.hookline.core.inbound.parse.Normalizer;
import dev.hookline.core.inbound.parse.ParsedRecord;
import dev.hookline.core.inbound.parse.RecordParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WireJsonTest {
    private static final Instant AT = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void everyJavaStringSurvivesAsAsciiJson() {
        String nasty = "a\uD800b\uDFFF\uFFFF\uFFFE\u0000\u001F\u00E9\uD83D\uDE00\u2028";
        String written = WireJson.write(java.util.Map.of("s", nasty));
        assertTrue(written.chars().allMatch(c -> c >= 0x20 && c < 0x7F), written);
        assertTrue(WireJson.queueSafe(written));
        assertEquals(nasty, WireJson.read(written).get("s").textValue());
    }

    @Test
    void queueSafeFollowsSqsCharacterSet() {
        assertTrue(WireJson.queueSafe("plain \t\r\n é \uD83D\uDE00 \uFFFD"));
        assertFalse(WireJson.queueSafe("\uD800"));
        assertFalse(WireJson.queueSafe("x\uDC00"));
        assertFalse(WireJson.queueSafe("\uFFFF"));
        assertFalse(WireJson.queueSafe("\uFFFE"));
        assertFalse(WireJson.queueSafe("\u0000"));
        assertFalse(WireJson.queueSafe("\u001B"));
    }

    @Test
    void strictUtf8RefusesSurrogatesAndOverlongForms() {
        assertTrue(WireJson.utf8(new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}).isEmpty());
        assertTrue(WireJson.utf8(new byte[]{(byte) 0xC0, (byte) 0xAF}).isEmpty());
        assertEquals("\uFFFF", WireJson.utf8(new byte[]{(byte) 0xEF, (byte) 0xBF, (byte) 0xBF}).orElseThrow());
    }

    @Test
    void membersKeepTheirExactText() {
        byte[] body = "{ \"type\" : \"a.b\", \"data\" :{\"x\" : 1.50e0, \"s\":\"\\ud800\u00e9\\u00e9\"} }"
                .getBytes(StandardCharsets.UTF_8);
        var members = RawJson.members(body);
        assertEquals("\"a.b\"", members.get("type").text());
        assertEquals("{\"x\" : 1.50e0, \"s\":\"\\ud800\u00e9\\u00e9\"}", members.get("data").text());
        assertEquals("\uD800\u00e9\u00e9", members.get("data").value().get("s").textValue());
    }

    @Test
    void repeatedMemberNamesAndTrailingContentAreMalformed() {
        assertThrows(RawJson.Malformed.class, () -> RawJson.members("{\"a\":1,\"a\":2}".getBytes()));
        assertThrows(RawJson.Malformed.class, () -> RawJson.members("{} {}".getBytes()));
        assertNull(RawJson.members("[1]".getBytes()));
    }

    /** Each body as the sender sent it must come out of the stream message byte for byte. */
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"a\":\"\\ud800\"}",
            "{\"a\":\"\\uffff\",\"b\":\"\\u0000\\u001b\\\"\\\\\\/\"}",
            "{\"a\":\"\u00e9\u2028\uD83D\uDE00\", \"n\": 1.0e+3 , \"z\":-0}",
            "  [1, \"two\" ,{\"three\":3}]  "})
    void streamMessagesCarryTheRecordsVerbatim(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        List<ParsedRecord> records = RecordParser.records(bytes, null, BodyFormat.JSON, false);
        String message = Normalizer.normalizeRecords(records, "rec_1", AT).getFirst().toMessage();
        assertTrue(WireJson.queueSafe(message), message);
        assertTrue(message.endsWith(",\"payload\":" + body.strip() + "}"), message);
        assertEquals(records.getFirst().value(), WireJson.read(message).get("payload"));
    }

    @Test
    void textTheQueueRefusesTravelsEscapedWithTheExactBytesBeside() {
        String body = "{\"a\":\"\uFFFF\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        NormalizedRecord record = Normalizer.normalizeRecords(RecordParser.records(bytes, null, BodyFormat.JSON, true),
                "rec_1", AT).getFirst();
        String message = record.toMessage();
        assertTrue(WireJson.queueSafe(message), message);
        JsonNode read = WireJson.read(message);
        assertEquals("\uFFFF", read.get("payload").get("a").textValue());
        assertArrayEquals(bytes, Base64.getDecoder().decode(read.get("payload_base64").asText()));
    }

    @Test
    void formsTravelWithTheirExactBytes() {
        byte[] body = "name=%FF%FE&x=caf%C3%A9".getBytes(StandardCharsets.US_ASCII);
        String message = Normalizer.normalizeRecords(RecordParser.records(body, null, BodyFormat.FORM, true),
                "rec_1", AT).getFirst().toMessage();
        JsonNode read = WireJson.read(message);
        assertEquals("café", read.get("payload").get("x").textValue());
        assertArrayEquals(body, Base64.getDecoder().decode(read.get("payload_base64").asText()));
    }

    @Test
    void envelopeFieldsLiftedFromTheRecordAreEscaped() {
        byte[] body = "{\"id\":\"\\udc00\",\"type\":\"\uFFFF\"}".getBytes(StandardCharsets.UTF_8);
        String message = Normalizer.normalizeRecords(RecordParser.records(body, null, BodyFormat.JSON, true),
                "rec_1", AT).getFirst().toMessage();
        assertTrue(WireJson.queueSafe(message), message);
        assertEquals("\uDC00", WireJson.read(message).get("event_id").textValue());
        assertEquals("\uFFFF", WireJson.read(message).get("type").textValue());
    }

    @Test
    void jsonThatJacksonWouldTakeForUtf16IsMalformed() {
        // A NUL byte makes Jackson guess UTF-16 and read "\0 1" as "1": the text must be UTF-8, so it is refused.
        assertThrows(RawJson.Malformed.class, () -> RawJson.value(new byte[]{0, '1'}, 0, 2));
        assertThrows(RawJson.Malformed.class, () -> RawJson.elements(new byte[]{0, '[', 0, ']'}, 10, () -> { }));
    }
}
