package dev.hookline.core.endpoint;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EndpointSubscriptionTest {
    private static Endpoint withTypes(List<String> types) {
        Instant t = Instant.parse("2026-11-24T10:00:00Z");
        return new Endpoint("ep_1", "ten_1", "https://x.test", null, types, true, null, null,
                dev.hookline.core.outbound.RetryPolicy.DEFAULT, java.time.Duration.ofSeconds(15), "sealed", null, null, t, t, 1);
    }

    @Test
    void catchAllEndpointsGetTenantEventsButNotOperationalOnes() {
        for (Endpoint e : List.of(withTypes(List.of()), withTypes(List.of("*")))) {
            assertTrue(e.subscribesTo("invoice.paid"));
            assertTrue(e.subscribesTo("run.failed"), "run events are the tenant's own");
            assertFalse(e.subscribesTo("delivery.dead_lettered"));
            assertFalse(e.subscribesTo("endpoint.paused"));
        }
    }

    @Test
    void operationalEventsReachEndpointsThatNameThem() {
        assertTrue(withTypes(List.of("endpoint.*")).subscribesTo("endpoint.paused"));
        assertTrue(withTypes(List.of("*", "delivery.dead_lettered")).subscribesTo("delivery.dead_lettered"));
        assertFalse(withTypes(List.of("endpoint.*")).subscribesTo("delivery.dead_lettered"));
    }

    @Test
    void aCategoryEntrySubscribesToTheCategoryTheEventWasPublishedWith() {
        Endpoint billing = withTypes(List.of("category:billing"));
        assertTrue(billing.subscribesTo("invoice.paid", "billing"));
        assertTrue(billing.subscribesTo("refund.created", "billing"));
        assertFalse(billing.subscribesTo("invoice.paid", null), "an unregistered type has no category");
        assertFalse(billing.subscribesTo("invoice.paid", "shop"));
        assertFalse(billing.subscribesTo("run.failed"), "Hookline's own types have their own categories");
    }

    @Test
    void platformTypesBelongToTheirFirstSegmentAndOperationalOnesNeedNaming() {
        assertTrue(withTypes(List.of("category:run")).subscribesTo("run.queued"));
        assertTrue(withTypes(List.of("category:run")).subscribesTo("run.failed_validation"));
        assertTrue(withTypes(List.of("category:endpoint")).subscribesTo("endpoint.paused"), "naming the category names it");
        assertFalse(withTypes(List.of("*")).subscribesTo("endpoint.paused", "endpoint"));
        assertFalse(withTypes(List.of("category:run")).subscribesTo("run.custom", null),
                "a tenant's run.custom is not Hookline's");
    }
}
