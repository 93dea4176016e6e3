package dev.hookline.core.inbound.backpressure;

import static dev.hookline.core.testing.TestJson.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.inbound.backpressure.BackpressurePolicy.Queue;
import dev.hookline.core.inbound.backpressure.BackpressurePolicy.Reject;
import dev.hookline.core.inbound.backpressure.BackpressurePolicy.Shed;
import dev.hookline.core.problem.Problem.FieldError;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackpressurePolicyTest {

    private static List<String> fields(List<FieldError> errors) {
        return errors.stream().map(FieldError::field).toList();
    }

    @Test
    void parsesEachPolicy() {
        assertEquals(new Queue(), BackpressurePolicy.parse(json("{\"policy\":\"queue\"}")));
        assertEquals(new Reject(1000, 50, Duration.ofSeconds(30)), BackpressurePolicy.parse(json(
                "{\"policy\":\"reject\",\"max_queue_depth\":1000,\"max_per_second\":50,\"retry_after_s\":30}")));
        assertEquals(new Reject(0, 50, Reject.DEFAULT_RETRY_AFTER),
                BackpressurePolicy.parse(json("{\"policy\":\"reject\",\"max_per_second\":50}")));
        assertEquals(new Shed(0.25), BackpressurePolicy.parse(json("{\"policy\":\"shed\",\"keep_rate\":0.25}")));
        assertEquals(new Shed(1.0), BackpressurePolicy.parse(json("{\"policy\":\"shed\",\"keep_rate\":1}")));
    }

    @Test
    void absentMeansQueue() {
        assertEquals(BackpressurePolicy.DEFAULT, BackpressurePolicy.parse(null));
        assertEquals(BackpressurePolicy.DEFAULT, BackpressurePolicy.parse(json("null")));
        assertEquals("queue", BackpressurePolicy.DEFAULT.policy());
    }

    @Test
    void wrongShapesAreRefused() {
        assertEquals(List.of(new FieldError("policy", "must be 'queue', 'reject' or 'shed'")),
                BackpressurePolicy.check(json("{\"policy\":\"drop\"}")));
        assertEquals(List.of("policy"), fields(BackpressurePolicy.check(json("{}"))));
        assertEquals(List.of("policy"), fields(BackpressurePolicy.check(json("\"queue\""))));
        // A limit on a queue policy looks like protection and is none.
        assertEquals(List.of(new FieldError("max_queue_depth", "does not apply to the 'queue' policy")),
                BackpressurePolicy.check(json("{\"policy\":\"queue\",\"max_queue_depth\":10}")));
        assertEquals(List.of("max_queue_depth", "retry_after_s"), fields(BackpressurePolicy.check(json(
                "{\"policy\":\"reject\",\"max_queue_depth\":\"10\",\"max_per_second\":5,\"retry_after_s\":1.5}"))));
        assertEquals(List.of(new FieldError("keep_rate", "is required")),
                BackpressurePolicy.check(json("{\"policy\":\"shed\"}")));
        assertEquals(List.of("keep_rate"), fields(BackpressurePolicy.check(json("{\"policy\":\"shed\",\"keep_rate\":\"0.5\"}"))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BackpressurePolicy.parse(json("{\"policy\":\"shed\",\"keep_rate\":0.5,\"max_per_second\":3}")));
        assertTrue(e.getMessage().contains("max_per_second does not apply to the 'shed' policy"), e.getMessage());
    }

    @Test
    void rejectValues() {
        assertEquals(List.of(), new Reject(1, 0, Duration.ofSeconds(1)).validate());
        assertEquals(List.of(), new Reject(0, 1, Duration.ofSeconds(3600)).validate());
        assertEquals(List.of(new FieldError("max_queue_depth", "set max_queue_depth or max_per_second (or both)")),
                new Reject(0, 0, null).validate());
        assertEquals(List.of("max_queue_depth", "max_per_second"), fields(new Reject(-1, -1, null).validate()));
        assertEquals(List.of("retry_after_s"), fields(new Reject(5, 0, Duration.ZERO).validate()));
        assertEquals(List.of("retry_after_s"), fields(new Reject(5, 0, Duration.ofSeconds(3601)).validate()));
        assertEquals(List.of("retry_after_s"), fields(new Reject(5, 0, Duration.ofMillis(1500)).validate()));
        assertEquals(List.of("retry_after_s"), fields(BackpressurePolicy.check(
                json("{\"policy\":\"reject\",\"max_queue_depth\":5,\"retry_after_s\":0}"))));
    }

    @Test
    void keepRateIsAboveZeroUpToOne() {
        assertEquals(List.of(), new Shed(1).validate());
        assertEquals(List.of(), new Shed(0.001).validate());
        for (double bad : new double[] {0, -0.5, 1.0001, Double.NaN}) {
            assertEquals(List.of(new FieldError("keep_rate", "must be greater than 0 and at most 1")),
                    new Shed(bad).validate(), "keep_rate " + bad);
        }
        assertEquals(List.of("keep_rate"), fields(BackpressurePolicy.check(json("{\"policy\":\"shed\",\"keep_rate\":0}"))));
    }
}
