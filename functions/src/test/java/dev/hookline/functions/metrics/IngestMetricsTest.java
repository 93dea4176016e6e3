package dev.hookline.functions.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class IngestMetricsTest {

    @Test
    void eachOutcomeIsOneCountedCallUnderFunctionAndOutcome() throws Exception {
        EmfTestSupport emf = new EmfTestSupport("hookline-IngestFunction-XyZ");
        IngestMetrics ingest = new IngestMetrics(emf.metrics);
        List<String> outcomes = List.of(IngestMetrics.ACCEPTED, IngestMetrics.DUPLICATE, IngestMetrics.UNAUTHORIZED,
                IngestMetrics.FORBIDDEN, IngestMetrics.PAYLOAD_TOO_LARGE, IngestMetrics.TOO_MANY_REQUESTS,
                IngestMetrics.UNAVAILABLE);
        outcomes.forEach(ingest::record);

        List<JsonNode> lines = emf.lines();
        assertEquals(outcomes.size(), lines.size());
        for (int i = 0; i < outcomes.size(); i++) {
            JsonNode line = lines.get(i);
            JsonNode directive = EmfTestSupport.directive(line);
            assertEquals("[[\"Function\"],[\"Function\",\"Outcome\"]]", EmfTestSupport.dimensionSets(directive));
            assertEquals(1, directive.get("Metrics").size());
            assertEquals("Count", EmfTestSupport.unitOf(directive, "IngestCalls"));
            assertEquals("hookline-IngestFunction-XyZ", line.get("Function").asText());
            assertEquals(outcomes.get(i), line.get("Outcome").asText());
            assertEquals(1, line.get("IngestCalls").asLong());
        }
    }

    @Test
    void anOutcomeThatIsNotALabelNeverReachesTheMetric() throws Exception {
        EmfTestSupport emf = new EmfTestSupport("hookline-IngestFunction-XyZ");
        new IngestMetrics(emf.metrics).record("whsec_tok3n/in/abc?x=1");
        new IngestMetrics(emf.metrics).record(null);

        List<JsonNode> lines = emf.lines();
        assertEquals("other", lines.get(0).get("Outcome").asText());
        assertEquals("other", lines.get(1).get("Outcome").asText());
        assertFalse(emf.text().contains("tok3n"));
    }
}
