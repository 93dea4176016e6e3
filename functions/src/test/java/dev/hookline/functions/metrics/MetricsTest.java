package dev.hookline.functions.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MetricsTest {

    @Test
    void writesOneEmfLineWithBothDimensionSetsWhenThereIsAnOutcome() throws Exception {
        EmfTestSupport emf = new EmfTestSupport(EmfTestSupport.FUNCTION);
        emf.metrics.emit("failed", Metrics.Metric.count("DeliveryAttempts", 1),
                Metrics.Metric.milliseconds("DeliveryLatency", 250));

        assertEquals(1, emf.text().chars().filter(c -> c == '\n').count(), "a single line: " + emf.text());
        JsonNode line = emf.onlyLine();
        JsonNode directive = EmfTestSupport.directive(line);
        assertEquals("[[\"Function\"],[\"Function\",\"Outcome\"]]", EmfTestSupport.dimensionSets(directive));
        assertEquals("Count", EmfTestSupport.unitOf(directive, "DeliveryAttempts"));
        assertEquals("Milliseconds", EmfTestSupport.unitOf(directive, "DeliveryLatency"));
        assertEquals(EmfTestSupport.FUNCTION, line.get("Function").asText());
        assertEquals("failed", line.get("Outcome").asText());
        assertEquals(1, line.get("DeliveryAttempts").asLong());
        assertEquals(250, line.get("DeliveryLatency").asLong());

        Set<String> root = new TreeSet<>();
        line.fieldNames().forEachRemaining(root::add);
        assertEquals(Set.of("_aws", "Function", "Outcome", "DeliveryAttempts", "DeliveryLatency"), root,
                "nothing else on the line");
    }

    @Test
    void withoutAnOutcomeOnlyTheFunctionDimensionSetIsUsed() throws Exception {
        EmfTestSupport emf = new EmfTestSupport(EmfTestSupport.FUNCTION);
        emf.metrics.emit(null, Metrics.Metric.count("DeadLetters", 1));

        JsonNode line = emf.onlyLine();
        JsonNode directive = EmfTestSupport.directive(line);
        assertEquals("[[\"Function\"]]", EmfTestSupport.dimensionSets(directive));
        assertFalse(line.has("Outcome"));
        assertEquals(1, line.get("DeadLetters").asLong());
    }

    @Test
    void aMissingFunctionNameIsWrittenAsUnknown() throws Exception {
        EmfTestSupport emf = new EmfTestSupport(" ");
        emf.metrics.emit("accepted", Metrics.Metric.count("IngestCalls", 1));
        assertEquals("unknown", emf.onlyLine().get("Function").asText());
        assertEquals("unknown", new Metrics(null).functionName());
    }

    @Test
    void outcomesThatAreNotLabelsBecomeOther() {
        assertEquals("payload-too-large", Metrics.outcomeLabel("payload-too-large"));
        assertEquals("other", Metrics.outcomeLabel("https://example.com/hook"));
        assertEquals("other", Metrics.outcomeLabel("ten_01HXYZ"));
        assertEquals("other", Metrics.outcomeLabel("Accepted"));
        assertEquals("other", Metrics.outcomeLabel(""));
        assertEquals("other", Metrics.outcomeLabel("a".repeat(41)));
    }

    @Test
    void nothingIsWrittenForNoMetricsAndBadMetricNamesAreRefused() {
        EmfTestSupport emf = new EmfTestSupport(EmfTestSupport.FUNCTION);
        emf.metrics.emit("accepted");
        assertEquals("", emf.text());
        assertThrows(IllegalArgumentException.class, () -> Metrics.Metric.count("Function", 1));
        assertThrows(IllegalArgumentException.class, () -> Metrics.Metric.count("_aws", 1));
        assertThrows(IllegalArgumentException.class, () -> Metrics.Metric.count("has space", 1));
    }
}
