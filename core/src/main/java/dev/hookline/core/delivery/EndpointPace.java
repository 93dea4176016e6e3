package dev.hookline.core.delivery;

import java.time.Instant;
import java.util.Optional;

/**
 * Port: the shared "this endpoint is slow until …" marker, so that every execution environment (every concurrent
 * Lambda invocation) routes an endpoint to the slow lane once any one of them has seen it answer slowly. Written
 * only on a change (an endpoint turning slow, staying slow past half the marker, or answering promptly again).
 */
public interface EndpointPace {
    Optional<Instant> slowUntil(String tenantId, String endpointId);

    void markSlow(String tenantId, String endpointId, Instant until);

    void clear(String tenantId, String endpointId);

    /** No shared marker: each environment learns on its own (tests, and a fallback). */
    EndpointPace NONE = new EndpointPace() {
        @Override
        public Optional<Instant> slowUntil(String tenantId, String endpointId) {
            return Optional.empty();
        }

        @Override
        public void markSlow(String tenantId, String endpointId, Instant until) {
        }

        @Override
        public void clear(String tenantId, String endpointId) {
        }
    };
}
