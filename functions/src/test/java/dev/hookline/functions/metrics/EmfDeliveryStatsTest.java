package dev.hookline.functions.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.stats.DeliveryStats;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EmfDeliveryStatsTest {
    private static final String TENANT = "ten_SECRET_TENANT";
    private static final String ENDPOINT = "ep_SECRET_ENDPOINT";
    private static final Instant AT = Instant.parse("2025-03-01T11:59:59Z");

    /** Records calls; optionally throws from the record methods. */
    private static final class Recording implements DeliveryStats {
        final List<String> calls = new ArrayList<>();
        final EndpointStatsView view = new EndpointStatsView(10, 9, 1, 0.9, 120.0, 300.0, 1);
        boolean fail;

        @Override
        public void recordAttempt(String tenantId, String endpointId, boolean succeeded, long latencyMs, Instant at) {
            calls.add("attempt " + tenantId + " " + endpointId + " " + succeeded + " " + latencyMs + " " + at);
            if (fail) {
                throw new IllegalStateException("store down");
            }
        }

        @Override
        public void recordDeadLetter(String tenantId, String endpointId, Instant at) {
            calls.add("dead " + tenantId + " " + endpointId + " " + at);
            if (fail) {
                throw new IllegalStateException("store down");
            }
        }

        @Override
        public List<dev.hookline.core.stats.StatsBucket> buckets(String tenantId, String endpointId, Instant from,
                                                                 Instant to) {
            calls.add("buckets " + tenantId + " " + endpointId + " " + from + " " + to);
            return List.of();
        }

        @Override
        public EndpointStatsView read(String tenantId, String endpointId, Duration window, Instant now) {
            calls.add("read " + tenantId + " " + endpointId + " " + window + " " + now);
            return view;
        }
    }

    @Test
    void aSucceededAttemptIsDelegatedAndCountedWithItsLatency() throws Exception {
        Recording delegate = new Recording();
        EmfTestSupport emf = new EmfTestSupport(EmfTestSupport.FUNCTION);
        new EmfDeliveryStats(delegate, emf.metrics).recordAttempt(TENANT, ENDPOINT, true, 87, AT);

        assertEquals(List.of("attempt " + TENANT + " " + ENDPOINT + " true 87 " + AT), delegate.calls);
        JsonNode line = emf.onlyLine();
        JsonNode directive = EmfTestSupport.directive(line);
        assertEquals("[[\"Function\"],[\"Function\",\"Outcome\"]]", EmfTestSupport.dimensionSets(directive));
        assertEquals("Count", EmfTestSupport.unitOf(directive, "DeliveryAttempts"));
        assertEquals("Milliseconds", EmfTestSupport.unitOf(directive, "DeliveryLatency"));
        assertEquals(2, directive.get("Metrics").size());
        assertEquals("succeeded", line.get("Outcome").asText());
        assertEquals(EmfTestSupport.FUNCTION, line.get("Function").asText());
        assertEquals(1, line.get("DeliveryAttempts").asLong());
        assertEquals(87, line.get("DeliveryLatency").asLong());
        assertNoIdentifiers(emf);
    }

    @Test
    void aFailedAttemptIsCountedAsFailed() throws Exception {
        Recording delegate = new Recording();
        EmfTestSupport emf = new EmfTestSupport(EmfTestSupport.FUNCTION);
        new EmfDeliveryStats(delegate, emf.metrics).recordAttempt(TENANT, ENDPOINT, false, 5000, AT);

        assertEquals(1, delegate.calls.size());
        JsonNode line = emf.onlyLine();
        EmfTestSupport.directive(line);
        assertEquals("failed", line.get("Outcome").asText());
        assertEquals(5000, line.get("DeliveryLatency").asLong());
        assertNoIdentifiers(emf);
    }

    @Test
    void aDeadLetterIsDelegatedAndCountedPerFunction() throws Exception {
        Recording delegate = new Recording();
        EmfTestSupport emf = new EmfTestSupport(EmfTestSupport.FUNCTION);
        new EmfDeliveryStats(delegate, emf.metrics).recordDeadLetter(TENANT, ENDPOINT, AT);

        assertEquals(List.of("dead " + TENANT + " " + ENDPOINT + " " + AT), delegate.calls);
        JsonNode line = emf.onlyLine();
        JsonNode directive = EmfTestSupport.directive(line);
        assertEquals("[[\"Function\"]]", EmfTestSupport.dimensionSets(directive));
        assertEquals("Count", EmfTestSupport.unitOf(directive, "DeadLetters"));
        assertEquals(1, line.get("DeadLetters").asLong());
        assertFalse(line.has("Outcome"));
        assertNoIdentifiers(emf);
    }

    @Test
    void readOnlyDelegatesAndEmitsNothing() {
        Recording delegate = new Recording();
        EmfTestSupport emf = new EmfTestSupport(EmfTestSupport.FUNCTION);
        Instant now = AT.plusSeconds(1);
        DeliveryStats.EndpointStatsView view = new EmfDeliveryStats(delegate, emf.metrics)
                .read(TENANT, ENDPOINT, Duration.ofHours(24), now);

        assertSame(delegate.view, view);
        assertEquals(List.of("read " + TENANT + " " + ENDPOINT + " PT24H " + now), delegate.calls);
        assertEquals("", emf.text());
    }

    @Test
    void aFailingDelegateStillPropagatesAndTheAttemptIsStillCounted() throws Exception {
        Recording delegate = new Recording();
        delegate.fail = true;
        EmfTestSupport emf = new EmfTestSupport(EmfTestSupport.FUNCTION);
        EmfDeliveryStats stats = new EmfDeliveryStats(delegate, emf.metrics);

        assertThrows(IllegalStateException.class, () -> stats.recordAttempt(TENANT, ENDPOINT, false, 10, AT));
        assertThrows(IllegalStateException.class, () -> stats.recordDeadLetter(TENANT, ENDPOINT, AT));
        List<JsonNode> lines = emf.lines();
        assertEquals(2, lines.size());
        assertEquals(1, lines.get(0).get("DeliveryAttempts").asLong());
        assertEquals(1, lines.get(1).get("DeadLetters").asLong());
    }

    private static void assertNoIdentifiers(EmfTestSupport emf) {
        assertFalse(emf.text().contains(TENANT), "no tenant id in metrics");
        assertFalse(emf.text().contains(ENDPOINT), "no endpoint id in metrics");
    }
}
