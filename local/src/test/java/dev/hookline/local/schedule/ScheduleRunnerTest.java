package dev.hookline.local.schedule;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.hookline.local.fixtures.RecordingScheduledHandler;
import dev.hookline.local.runtime.LocalFunction;
import dev.hookline.local.testing.Eventually;
import dev.hookline.local.template.FunctionSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local EventBridge schedule: fires the function at its period with a Scheduled Event. */
class ScheduleRunnerTest {
    private LocalFunction function;

    @BeforeEach
    void setUp() {
        RecordingScheduledHandler.EVENTS.clear();
        FunctionSpec spec = new FunctionSpec("TickFunction", RecordingScheduledHandler.class.getName(), "handleRequest",
                5, 256, "unused", "java25", Map.of(), List.of(), List.of(),
                List.of(new FunctionSpec.Schedule("Tick", "rate(1 minute)")), List.of());
        function = new LocalFunction(spec, Map.of(), null);
    }

    @AfterEach
    void tearDown() {
        function.close();
    }

    @Test
    void firesAtItsPeriodWithAnEventBridgeScheduledEvent() {
        try (ScheduleRunner runner = new ScheduleRunner(function, "TickFunction-Tick")) {
            runner.start(Duration.ofMillis(200));
            // The bound only matters if it never fires: on a busy machine three periods may take longer than 600 ms.
            int fired = Eventually.poll(Duration.ofSeconds(20), RecordingScheduledHandler.EVENTS::size, n -> n >= 3);
            assertTrue(fired >= 3, "fired " + fired + " times at a 200 ms period");
            assertTrue(runner.fired() >= 3, "the runner counts its runs: " + runner.fired());
        }

        Set<String> ids = new HashSet<>();
        for (ScheduledEvent event : RecordingScheduledHandler.EVENTS) {
            assertEquals("Scheduled Event", event.getDetailType());
            assertEquals("aws.events", event.getSource());
            assertNotNull(event.getTime(), "EventBridge sets the time");
            assertNotNull(event.getAccount());
            assertNotNull(event.getRegion());
            assertEquals(1, event.getResources().size());
            assertTrue(event.getResources().getFirst().startsWith("arn:aws:events:"), event.getResources().toString());
            assertTrue(event.getResources().getFirst().endsWith(":rule/TickFunction-Tick"), event.getResources().toString());
            assertNotNull(event.getDetail(), "a scheduled event's detail is {}, not null");
            assertTrue(event.getDetail().isEmpty());
            ids.add(event.getId());
        }
        assertEquals(RecordingScheduledHandler.EVENTS.size(), ids.size(), "every firing has its own event id");
    }

    @Test
    void stopsFiringWhenClosed() {
        ScheduleRunner runner = new ScheduleRunner(function, "TickFunction-Tick");
        runner.start(Duration.ofMillis(10));
        Eventually.poll(Duration.ofSeconds(20), RecordingScheduledHandler.EVENTS::size, n -> n > 0);
        runner.close(); // returns once a firing under way has finished
        int afterClose = RecordingScheduledHandler.EVENTS.size();
        assertTrue(afterClose > 0, "it fired before close()");

        // Thirty periods: a runner still going would have fired again (this can only fail if it does).
        int later = Eventually.poll(Duration.ofMillis(300), RecordingScheduledHandler.EVENTS::size, n -> n > afterClose);
        assertEquals(afterClose, later, "no firing after close()");
    }

    @Test
    void fireRunsOnceOnDemand() {
        ScheduleRunner runner = new ScheduleRunner(function, "TickFunction-Tick");
        try {
            runner.fire();
            assertEquals(1, RecordingScheduledHandler.EVENTS.size());
            assertEquals(1, runner.fired());
        } finally {
            runner.close();
        }
    }
}
