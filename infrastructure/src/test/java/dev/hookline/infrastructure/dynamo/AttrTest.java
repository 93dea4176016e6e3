package dev.hookline.infrastructure.dynamo;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttrTest {
    @Test
    void aWholeSecondSortsBeforeALaterInstantOfTheSameSecond() {
        Instant whole = Instant.parse("2026-12-02T10:00:35Z");
        Instant later = Instant.parse("2026-12-02T10:00:35.806Z");
        assertTrue(Attr.sortable(whole).compareTo(Attr.sortable(later)) < 0,
                Attr.sortable(whole) + " must sort before " + Attr.sortable(later));
        // The bug this guards against: the JDK's own text sorts the other way.
        assertTrue(whole.toString().compareTo(later.toString()) > 0);
    }

    @Test
    void textOrderIsTimeOrderForEveryPrecision() {
        List<Instant> instants = List.of(
                Instant.parse("2026-12-02T10:00:35Z"),
                Instant.parse("2026-12-02T10:00:35.000000001Z"),
                Instant.parse("2026-12-02T10:00:35.1Z"),
                Instant.parse("2026-12-02T10:00:35.806Z"),
                Instant.parse("2026-12-02T10:00:35.806000500Z"),
                Instant.parse("2026-12-02T10:00:36Z"),
                Instant.parse("2026-12-02T10:01:00Z"));
        List<String> byText = new ArrayList<>(instants.stream().map(Attr::sortable).toList());
        byText.sort(Comparator.naturalOrder());
        assertEquals(instants.stream().map(Attr::sortable).toList(), byText);
        assertTrue(byText.stream().allMatch(t -> t.length() == byText.getFirst().length()), "fixed width: " + byText);
    }

    @Test
    void storedInstantsReadBackExactly() {
        Instant at = Instant.parse("2026-12-02T10:00:35.8Z");
        assertEquals("2026-12-02T10:00:35.800000000Z", Attr.sortable(at));
        assertEquals(at, Attr.instant(java.util.Map.of("t", Attr.time(at)), "t"));
    }
}
