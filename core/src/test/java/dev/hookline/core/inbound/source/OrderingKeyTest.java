package dev.hookline.core.inbound.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A record's ordering key becomes an SQS MessageGroupId, which takes 1-128 printable ASCII characters only. */
class OrderingKeyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Source streamSource() throws Exception {
        Instant now = Instant.parse("2026-12-02T10:00:00Z");
        return new Source("src_1", "ten_1", "s", SourceMode.STREAM, "sealed", "none", null, List.of(), 1024, null, null,
                JSON.readTree("{\"ordering_key\":\"/k\"}"), false, null, "hash", null, null, now, now, 1);
    }

    private static String key(String recordJson) throws Exception {
        return new SourceSpecs(new Random(1)).orderingKey(streamSource(), JSON.readTree(recordJson));
    }

    @Test
    void printableAsciiKeysAreUsedAsTheyAre() throws Exception {
        assertEquals("acct-42", key("{\"k\":\"acct-42\"}"));
        assertEquals("src_1", key("{\"other\":1}"));
    }

    @Test
    void anyOtherKeyIsHashedSoTheQueueNeverRefusesIt() throws Exception {
        for (String value : List.of("caf\\u00e9", "a b", "\\ud800", "\\udc00", "x".repeat(129), "tab\\there")) {
            String group = key("{\"k\":\"" + value + "\"}");
            assertTrue(group.matches("[!-~]{1,128}"), value + " -> " + group);
        }
        assertNotEquals(key("{\"k\":\"\\ud800\"}"), key("{\"k\":\"\\udc00\"}"));
        assertEquals(key("{\"k\":\"caf\\u00e9\"}"), key("{\"k\":\"caf\u00e9\"}"));
    }
}
