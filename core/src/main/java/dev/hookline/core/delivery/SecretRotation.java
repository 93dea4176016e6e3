package dev.hookline.core.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.access.Caller;
import dev.hookline.core.endpoint.Endpoint;
import dev.hookline.core.endpoint.EndpointAdmin;
import dev.hookline.core.wire.WireJson;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Rotating an endpoint's signing secret: the old secret keeps signing beside the new one for a grace period, and the
 * tenant hears {@code secret.expiring} shortly before it stops, so no receiver is caught still trusting only the old one.
 */
public final class SecretRotation {
    /** How long before a grace period ends {@code secret.expiring} goes out (at most half the grace). */
    public static final Duration EXPIRING_NOTICE = Duration.ofHours(1);

    private final EndpointAdmin admin;
    private final EventPublisher events;

    public SecretRotation(EndpointAdmin admin, EventPublisher events) {
        this.admin = admin;
        this.events = events;
    }

    /** A new secret; {@code grace} null for the default. The notice is scheduled only when there is a grace period. */
    public EndpointAdmin.Created rotate(Caller caller, String endpointId, Duration grace) {
        EndpointAdmin.Created rotated = admin.rotateSecret(caller, endpointId, grace);
        Endpoint endpoint = rotated.endpoint();
        Instant ends = endpoint.previousSecretExpiresAt();
        noticeAt(endpoint.updatedAt(), ends).ifPresent(at -> {
            ObjectNode data = WireJson.MAPPER.createObjectNode().put("endpoint_id", endpoint.id())
                    .put("previous_secret_expires_at", ends.toString());
            events.publishAt(caller.tenantId(), "secret.expiring", data.toString(), at);
        });
        return rotated;
    }

    /** When to warn: {@link #EXPIRING_NOTICE} before the end, or half-way through a shorter grace; never for none. */
    static Optional<Instant> noticeAt(Instant rotatedAt, Instant graceEnds) {
        Duration grace = Duration.between(rotatedAt, graceEnds);
        if (!grace.isPositive()) {
            return Optional.empty();
        }
        Duration half = grace.dividedBy(2);
        return Optional.of(graceEnds.minus(half.compareTo(EXPIRING_NOTICE) < 0 ? half : EXPIRING_NOTICE));
    }
}
