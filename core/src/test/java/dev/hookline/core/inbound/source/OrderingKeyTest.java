package dev.hookline.core.inbound.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.core.inbound.stream.StreamGroups;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A record's ordering key is read from the record as it is; its FIFO group is a hash scoped by tenant and source,
 * which SQS always takes (1-128 printable ASCII characters) and nobody else shares.
 */
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
    void theKeyIsTheRecordsValueAndAbsentWhenItHasNone() throws Exception {
        assertEquals("acct-42", key("{\"k\":\"acct-42\"}"));
        assertEquals("42", key("{\"k\":42}"));
        assertNull(key("{\"other\":1}"));
        assertNull(key("{\"k\":{\"nested\":1}}"), "an object is not a key");
        assertNull(key("{\"k\":\"\"}"));
    }

    @Test
    void anyKeyMakesAGroupTheQueueTakes() {
        for (String value : List.of("café", "a b", "\ud800", "\udc00", "x".repeat(500), "tab\there", "A")) {
            String group = StreamGroups.of("ten_1", "src_1", value);
            assertTrue(group.matches("[!-~]{1,128}"), value + " -> " + group);
        }
        assertNotEquals(StreamGroups.of("ten_1", "src_1", "\ud800"), StreamGroups.of("ten_1", "src_1", "\udc00"));
    }

    @Test
    void groupsAreScopedByTenantAndSource() {
        Set<String> groups = new HashSet<>(List.of(
                StreamGroups.of("ten_1", "src_1", "A"), StreamGroups.of("ten_2", "src_1", "A"),
                StreamGroups.of("ten_1", "src_2", "A"), StreamGroups.of("ten_1", "src_1", null),
                StreamGroups.of("ten_1", "src_1", "")));
        assertEquals(5, groups.size(), "same key, other tenant or source: another group; no key is not the empty key");
        assertEquals(StreamGroups.of("ten_1", "src_1", "A"), StreamGroups.of("ten_1", "src_1", "A"), "stable");
        // No '/' smuggling: a key cannot make one tenant's group equal to another's.
        assertNotEquals(StreamGroups.of("ten_1", "src_1", "x/y"), StreamGroups.of("ten_1", "src_1/x", "y"));
    }
}
