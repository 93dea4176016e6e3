package dev.hookline.functions.api;

import dev.hookline.core.delivery.SecretRotation;
import dev.hookline.core.endpoint.EndpointAdmin;
import dev.hookline.functions.http.ApiResponse;
import dev.hookline.functions.http.Call;
import dev.hookline.functions.http.Route;

import java.time.Duration;
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

    private final SecretRotation rotation;

    public SecretRoutes(SecretRotation rotation) {
        this.rotation = rotation;
    }

    public List<Route> routes() {
        return List.of(new Route("POST", "/v1/endpoints/{id}/secret/rotate", Route.Access.TENANT, this::rotate));
    }

    private ApiResponse rotate(Call call) {
        RotateBody body = call.request().body().length == 0 ? new RotateBody(null) : call.request().bodyAs(RotateBody.class);
        EndpointAdmin.Created rotated = rotation.rotate(call.caller(), call.param("id"),
                body.graceS() == null ? null : Duration.ofSeconds(body.graceS()));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("secret", rotated.secret());
        view.put("previous_secret_expires_at", rotated.endpoint().previousSecretExpiresAt().toString());
        return ApiResponse.json(200, view);
    }
}
