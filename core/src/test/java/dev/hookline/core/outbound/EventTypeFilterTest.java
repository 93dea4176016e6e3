package dev.hookline.core.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.problem.Problem.FieldError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventTypeFilterTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource({
            "run.failed, run.failed, true",
            "run.failed, run.succeeded, false",
            "run.failed, run.failed.extra, false",
            "run.failed, run, false",
            "*, run.failed, true",
            "*, webhook.test, true",
            "*, run, true",
            "run.*, run.failed, true",
            "run.*, run.a.b, true",
            "run.*, run, false",
            "run.*, runner.failed, false",
            "run.*, invocation.failed, false",
            "*.failed, run.failed, true",
            "*.failed, run.step.failed, true",
            "*.failed, failed, false",
            "*.failed, run.failed.retry, false",
            "run.*.failed, run.step.failed, true",
            "run.*.failed, run.a.b.failed, true",
            "run.*.failed, run.failed, false",
            "*.*, run.failed, true",
            "*.*, run, false",
            "invocation.*, invocation.started, true",
    })
    void matchesSinglePattern(String pattern, String type, boolean expected) {
        assertEquals(expected, EventTypeFilter.of(List.of(pattern)).matches(type));
    }

    @Test
    void anyPatternInTheListMayMatch() {
        EventTypeFilter filter = EventTypeFilter.of(List.of("run.failed", "invocation.*"));
        assertTrue(filter.matches("run.failed"));
        assertTrue(filter.matches("invocation.timed_out"));
        assertFalse(filter.matches("run.succeeded"));
        assertFalse(filter.matchesAll());
    }

    @Test
    void emptyOrAbsentMeansEverything() {
        assertSame(EventTypeFilter.ALL, EventTypeFilter.of(null));
        assertSame(EventTypeFilter.ALL, EventTypeFilter.of(List.of()));
        assertTrue(EventTypeFilter.ALL.matches("anything.at.all"));
        assertTrue(EventTypeFilter.ALL.matchesAll());
        assertTrue(EventTypeFilter.of(List.of("run.failed", "*")).matchesAll());
    }

    @Test
    void malformedEventTypesNeverMatchAFilter() {
        EventTypeFilter filter = EventTypeFilter.of(List.of("*"));
        assertFalse(filter.matches("Run.Failed"));
        assertFalse(filter.matches("run..failed"));
        assertFalse(filter.matches(null));
        assertFalse(filter.matches("a".repeat(129)));
    }

    @Test
    void patternSyntax() {
        for (String ok : List.of("run.failed", "*", "run.*", "*.failed", "a_b-c.d9", "x".repeat(128))) {
            assertTrue(EventTypeFilter.isValidPattern(ok), ok);
        }
        for (String bad : Arrays.asList("", "Run.failed", "run*", "run.fail*", "run..failed", ".run", "run.",
                "run failed", "run/failed", "**", "run.**", "x".repeat(129), null)) {
            assertFalse(EventTypeFilter.isValidPattern(bad), String.valueOf(bad));
        }
    }

    @Test
    void validateReportsIndexedFieldErrors() {
        assertEquals(List.of(), EventTypeFilter.validate("event_types", List.of("run.failed", "run.*")));
        assertEquals(List.of(), EventTypeFilter.validate("event_types", null));
        List<FieldError> errors = EventTypeFilter.validate("event_types", Arrays.asList("run.failed", "RUN", null));
        assertEquals(List.of("event_types[1]", "event_types[2]"), errors.stream().map(FieldError::field).toList());
        List<String> many = new ArrayList<>(Collections.nCopies(101, "run.failed"));
        assertEquals(List.of(new FieldError("event_types", "must contain at most 100 patterns")),
                EventTypeFilter.validate("event_types", many));
        assertThrows(IllegalArgumentException.class, () -> EventTypeFilter.of(List.of("run*")));
    }

    @Test
    void manyWildcardsStayFast() {
        // 40 stars against 60 segments that cannot match (last segment differs): exponential if backtracking.
        String pattern = String.join(".", Collections.nCopies(40, "*")) + ".z";
        String type = String.join(".", Collections.nCopies(60, "a")) + ".y";
        assertFalse(EventTypeFilter.of(List.of(pattern)).matches(type));
    }

    @Test
    void categoryEntriesAreValidatedAndMatchOnlyTheirCategory() {
        assertTrue(EventTypeFilter.isValidPattern("category:billing"));
        assertTrue(EventTypeFilter.isValidPattern("category:team-2_ops"));
        assertFalse(EventTypeFilter.isValidPattern("category:"));
        assertFalse(EventTypeFilter.isValidPattern("category:Billing"));
        assertFalse(EventTypeFilter.isValidPattern("category:a.b"));
        assertFalse(EventTypeFilter.isValidPattern("category:*"));
        assertFalse(EventTypeFilter.isValidPattern("category:" + "a".repeat(65)));
        EventTypeFilter f = EventTypeFilter.of(java.util.List.of("category:billing", "order.*"));
        assertTrue(f.matches("invoice.paid", "billing"));
        assertTrue(f.matches("order.created", null));
        assertFalse(f.matches("invoice.paid", "shop"));
        assertFalse(f.matches("invoice.paid"));
        assertFalse(f.matchesAll());
    }
}
