package dev.hookline.functions.api;

import dev.hookline.functions.http.Json;

import dev.hookline.core.delivery.EventPublisher;

import dev.hookline.core.endpoint.EndpointAdmin;
import dev.hookline.functions.http.ApiResponse;
import dev.hookline.functions.http.Call;
import dev.hookline.functions.http.Route;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/endpoints/{id}/secret/rotate}: a new signing secret for an endpoint. The old one keeps signing
 * deliveries alongside the new one for a grace period (default 24 h, at most 7 days), then only the new one signs.
 */
public final class SecretRoutes {
    public record RotateBody(Long graceS) {
    }

    /** How long before a grace period ends {@code secret.expiring} goes out (at most half the grace). */
    static final Duration EXPIRING_NOTICE = Duration.ofHours(1);

    private final EndpointAdmin admin;
    private final EventPublisher events;

    public SecretRoutes(EndpointAdmin admin, EventPublisher events) {
        this.admin = admin;
        this.events = events;
    }

    public List<Route> routes() {
        return List.of(new Route("POST", "/v1/endpoints/{id}/secret/rotate", Route.Access.TENANT, this::rotate));
    }

    private ApiResponse rotate(Call call) {
        RotateBody body = call.request().body().length == 0 ? new RotateBody(null) : call.request().bodyAs(RotateBody.class);
        EndpointAdmin.Created rotated = admin.rotateSecret(call.caller(), call.param("id"),
                body.graceS() == null ? null : Duration.ofSeconds(body.graceS()));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("secret", rotated.secret());
        Instant ends = rotated.endpoint().previousSecretExpiresAt();
        view.put("previous_secret_expires_at", ends.toString());
        Duration grace = Duration.between(rotated.endpoint().updatedAt(), ends);
        if (grace.isPositive()) {
            Duration notice = grace.dividedBy(2).compareTo(EXPIRING_NOTICE) < 0 ? grace.dividedBy(2) : EXPIRING_NOTICE;
            events.publishAt(call.caller().tenantId(), "secret.expiring", Json.MAPPER.createObjectNode()
                    .put("endpoint_id", rotated.endpoint().id()).put("previous_secret_expires_at", ends.toString())
                    .toString(), ends.minus(notice));
        }
        return ApiResponse.json(200, view);
    }
}
