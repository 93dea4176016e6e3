package dev.hookline.core.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.core.problem.ProblemException;
import dev.hookline.core.schedule.OrderedSender.OrderedMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamMessagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<StreamMessages.Record> records(int n, String group, int payloadBytes) {
        List<StreamMessages.Record> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new StreamMessages.Record(group, "{\"record_id\":\"rec_1:" + i + "\",\"payload\":\"" + "x".repeat(payloadBytes) + "\"}"));
        }
        return out;
    }

    private static List<String> ids(OrderedMessage m) throws Exception {
        JsonNode body = JSON.readTree(m.body());
        assertEquals(StreamMessages.FORMAT, body.get("format").asText());
        List<String> out = new ArrayList<>();
        body.get("records").forEach(r -> out.add(r.get("record_id").asText()));
        return out;
    }

    @Test
    void tenThousandSmallRecordsOfOneKeyAreAFewMessagesInOrder() throws Exception {
        List<OrderedMessage> messages = StreamMessages.pack("S#src#D#k", records(10_000, "acct-1", 90));
        assertTrue(messages.size() <= 2, "~1.2 MB of records fit two 1 MiB messages, got " + messages.size());
        List<String> all = new ArrayList<>();
        for (OrderedMessage m : messages) {
            assertEquals("acct-1", m.groupId());
            assertTrue(m.body().getBytes(StandardCharsets.UTF_8).length <= 1_048_576);
            all.addAll(ids(m));
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            expected.add("rec_1:" + i);
        }
        assertEquals(expected, all, "every record once, in order");
    }

    @Test
    void recordsOfDifferentKeysNeverShareAMessageAndKeepTheirOrder() throws Exception {
        List<StreamMessages.Record> mixed = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            mixed.add(new StreamMessages.Record(i % 2 == 0 ? "a" : "b", "{\"record_id\":\"r:" + i + "\"}"));
        }
        List<OrderedMessage> messages = StreamMessages.pack("k", mixed);
        assertEquals(2, messages.size());
        assertEquals("a", messages.get(0).groupId());
        assertEquals(List.of("r:0", "r:2", "r:4"), ids(messages.get(0)));
        assertEquals(List.of("r:1", "r:3", "r:5"), ids(messages.get(1)));
    }

    @Test
    void theSameCallPacksToTheSameDeduplicationIdsAndAnotherCallToOthers() {
        List<StreamMessages.Record> rs = records(3_000, "g", 600);
        List<OrderedMessage> first = StreamMessages.pack("S#src#D#call-1", rs);
        List<OrderedMessage> retry = StreamMessages.pack("S#src#D#call-1", rs);
        List<OrderedMessage> other = StreamMessages.pack("S#src#D#call-2", rs);
        assertTrue(first.size() > 1);
        assertEquals(first.stream().map(OrderedMessage::deduplicationId).toList(),
                retry.stream().map(OrderedMessage::deduplicationId).toList(), "a retry adds nothing twice");
        Set<String> distinct = new HashSet<>(first.stream().map(OrderedMessage::deduplicationId).toList());
        assertEquals(first.size(), distinct.size(), "each message of a call has its own id");
        assertNotEquals(first.getFirst().deduplicationId(), other.getFirst().deduplicationId());
    }

    @Test
    void aRecordThatCanNeverFitIsRefusedForGoodNamingTheLimit() {
        ProblemException e = assertThrows(ProblemException.class,
                () -> StreamMessages.pack("k", records(1, "g", 1_048_576)));
        assertEquals(413, e.problem().status());
        assertTrue(e.problem().detail().contains("1048576"), e.problem().detail());
    }

    @Test
    void messagesAreFilledUpToTheLimitAndNotBeyond() {
        int limit = 1_000;
        List<StreamMessages.Record> rs = records(40, "g", 50);
        int largest = rs.stream().mapToInt(r -> r.json().length()).max().orElseThrow();
        List<OrderedMessage> messages = StreamMessages.pack("k", rs, limit);
        for (int i = 0; i < messages.size(); i++) {
            int length = messages.get(i).body().length();
            assertTrue(length <= limit, length + " > " + limit);
            if (i < messages.size() - 1) {
                assertTrue(length + 1 + largest > limit, "a message is filled before the next one starts: " + length);
            }
        }
        assertEquals(40, messages.stream().mapToInt(m -> (int) m.body().chars().filter(c -> c == '{').count() - 1).sum(),
                "every record in exactly one message");
    }
}
