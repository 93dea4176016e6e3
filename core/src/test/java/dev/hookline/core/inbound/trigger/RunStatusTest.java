package dev.hookline.core.inbound.trigger;

import static dev.hookline.core.inbound.trigger.RunStatus.CANCELLED;
import static dev.hookline.core.inbound.trigger.RunStatus.FAILED;
import static dev.hookline.core.inbound.trigger.RunStatus.FAILED_VALIDATION;
import static dev.hookline.core.inbound.trigger.RunStatus.QUEUED;
import static dev.hookline.core.inbound.trigger.RunStatus.STARTED;
import static dev.hookline.core.inbound.trigger.RunStatus.SUCCEEDED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunStatusTest {

    /** Rows: from; columns in declaration order: QUEUED, FAILED_VALIDATION, STARTED, SUCCEEDED, FAILED, CANCELLED. */
    private static final String[] TABLE = {
            "QUEUED            Y N Y Y Y Y",
            "FAILED_VALIDATION N Y N N N N",
            "STARTED           N N Y Y Y Y",
            "SUCCEEDED         N N N Y N N",
            "FAILED            N N N N Y N",
            "CANCELLED         N N N N N Y",
    };

    @Test
    void transitionTable() {
        List<String> actual = new ArrayList<>();
        for (RunStatus from : RunStatus.values()) {
            StringBuilder row = new StringBuilder(String.format("%-17s", from.name()));
            for (RunStatus to : RunStatus.values()) {
                row.append(' ').append(from.canMoveTo(to) ? 'Y' : 'N');
            }
            actual.add(row.toString());
        }
        assertEquals(List.of(TABLE), actual);
    }

    @Test
    void finals() {
        assertEquals(List.of(FAILED_VALIDATION, SUCCEEDED, FAILED, CANCELLED),
                List.of(RunStatus.values()).stream().filter(RunStatus::isFinal).toList());
    }

    @Test
    void onlyRunnerStatusesAreReportable() {
        assertEquals(List.of(STARTED, SUCCEEDED, FAILED, CANCELLED),
                List.of(RunStatus.values()).stream().filter(RunStatus::isReportable).toList());
    }

    @Test
    void eventTypes() {
        assertEquals("run.started", STARTED.eventType());
        assertEquals("run.succeeded", SUCCEEDED.eventType());
        assertEquals("run.failed", FAILED.eventType());
        assertEquals("run.cancelled", CANCELLED.eventType());
        assertEquals("run.queued", QUEUED.eventType());
        assertEquals("run.failed_validation", FAILED_VALIDATION.eventType());
    }

    @Test
    void wireNames() {
        assertEquals("failed_validation", FAILED_VALIDATION.wire());
        assertEquals("queued", QUEUED.wire());
        assertEquals(CANCELLED, RunStatus.fromWire("cancelled"));
        assertEquals(FAILED_VALIDATION, RunStatus.fromWire("failed_validation"));
        assertThrows(IllegalArgumentException.class, () -> RunStatus.fromWire("CANCELLED"));
        assertThrows(IllegalArgumentException.class, () -> RunStatus.fromWire("canceled"));
        assertThrows(IllegalArgumentException.class, () -> RunStatus.fromWire(null));
    }
}
