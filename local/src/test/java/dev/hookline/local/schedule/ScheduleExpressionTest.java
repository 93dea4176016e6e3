package dev.hookline.local.schedule;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** EventBridge rate expressions as the local platform reads them from template.yaml. */
class ScheduleExpressionTest {

    @Test
    void ratesInEveryUnitEventBridgeAccepts() {
        assertEquals(Duration.ofSeconds(60), ScheduleExpression.period("rate(1 minute)"));
        assertEquals(Duration.ofMinutes(5), ScheduleExpression.period("rate(5 minutes)"));
        assertEquals(Duration.ofHours(1), ScheduleExpression.period("rate(1 hour)"));
        assertEquals(Duration.ofHours(12), ScheduleExpression.period("rate(12 hours)"));
        assertEquals(Duration.ofDays(1), ScheduleExpression.period("rate(1 day)"));
        assertEquals(Duration.ofDays(2), ScheduleExpression.period("rate(2 days)"));
    }

    @Test
    void surroundingWhitespaceIsTolerated() {
        assertEquals(Duration.ofMinutes(1), ScheduleExpression.period("  rate(1 minute) "));
    }

    @Test
    void aPluralUnitWithOneIsRejectedNamingTheRightForm() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScheduleExpression.period("rate(1 minutes)"));
        assertTrue(e.getMessage().contains("'1 minute'"), e.getMessage());
        assertTrue(e.getMessage().contains("rate(1 minutes)"), "names the expression: " + e.getMessage());
    }

    @Test
    void aSingularUnitWithMoreThanOneIsRejectedNamingTheRightForm() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScheduleExpression.period("rate(5 minute)"));
        assertTrue(e.getMessage().contains("'5 minutes'"), e.getMessage());

        IllegalArgumentException hours = assertThrows(IllegalArgumentException.class,
                () -> ScheduleExpression.period("rate(1 hours)"));
        assertTrue(hours.getMessage().contains("'1 hour'"), hours.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cron(0/5 * * * ? *)", "cron(0 12 * * ? *)"})
    void cronIsRefusedByNameNotApproximated(String expression) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScheduleExpression.period(expression));
        assertTrue(e.getMessage().contains("rate(...)"), e.getMessage());
        assertTrue(e.getMessage().contains(expression), "names the expression: " + e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rate(1 second)", "rate(10 seconds)", "rate(minute)", "rate(-1 minutes)", "rate(1.5 hours)",
            "every 5 minutes", "", "at(2026-11-24T09:00:00)"})
    void otherShapesAreRefused(String expression) {
        assertThrows(IllegalArgumentException.class, () -> ScheduleExpression.period(expression));
    }
}
