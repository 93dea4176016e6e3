package dev.hookline.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.inbound.parse.BodyFormat;
import dev.hookline.core.inbound.parse.Normalizer;
import dev.hookline.core.inbound.parse.ParsedRecord;
import dev.hookline.core.inbound.parse.RecordParser;
import dev.hookline.core.problem.ProblemException;
import dev.hookline.core.wire.WireJson;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Ingest bodies (JSON, array batches, NDJSON, forms; the first byte picks the format): parsing ends in records or in
 * a documented refusal (400 not what it claims, 413 too many records or fields, 415 no format), and every record's
 * queue message is accepted by SQS and gives back the sender's value - and its exact bytes.
 */
class RecordParserFuzzTest {
    private static final BodyFormat[] FORMATS = {BodyFormat.JSON, BodyFormat.NDJSON, BodyFormat.FORM, BodyFormat.AUTO};
    private static final String[] CONTENT_TYPES = {"application/json", "application/x-ndjson",
            "application/x-www-form-urlencoded", "text/plain", null, "application/cloudevents+json; charset=utf-8"};
    private static final Instant AT = Instant.parse("2026-12-02T10:00:00Z");

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void records(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int selector = input[0] & 0xFF;
        BodyFormat format = FORMATS[selector % FORMATS.length];
        String contentType = CONTENT_TYPES[(selector / FORMATS.length) % CONTENT_TYPES.length];
        boolean expand = (selector & 0x80) == 0;
        byte[] body = Arrays.copyOfRange(input, 1, input.length);
        List<ParsedRecord> records;
        try {
            records = RecordParser.records(body, contentType, format, expand);
        } catch (ProblemException refused) {
            Refusals.expect(refused, Set.of(400, 413, 415));
            return;
        }
        var normalized = Normalizer.normalizeRecords(records, "rec_fuzz", AT);
        for (int i = 0; i < records.size(); i++) {
            String message = normalized.get(i).toMessage();
            if (!WireJson.queueSafe(message)) {
                throw new AssertionError("SQS would refuse the message of record " + i + ": " + message);
            }
            JsonNode read = WireJson.read(message);
            ParsedRecord record = records.get(i);
            if (!read.get("payload").equals(record.value())) {
                throw new AssertionError("record " + i + " does not read back as sent: " + message);
            }
            byte[] exact = record.text() != null ? record.text().getBytes(StandardCharsets.UTF_8) : record.bytes();
            byte[] carried = read.has("payload_base64") ? Base64.getDecoder().decode(read.get("payload_base64").asText())
                    : read.get("payload") == null ? null : payloadText(message).getBytes(StandardCharsets.UTF_8);
            if (!Arrays.equals(exact, carried)) {
                throw new AssertionError("record " + i + " lost its exact bytes: " + message);
            }
        }
    }

    /** The payload's text as it sits in the message (it is the last member when sent verbatim). */
    private static String payloadText(String message) {
        int at = message.indexOf(",\"payload\":");
        return message.substring(at + ",\"payload\":".length(), message.length() - 1);
    }
}
