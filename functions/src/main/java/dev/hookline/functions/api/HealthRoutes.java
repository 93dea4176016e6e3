package dev.hookline.functions.api;

import dev.hookline.core.health.HealthCheck;
import dev.hookline.core.health.ResourceStatus;
import dev.hookline.functions.http.ApiResponse;
import dev.hookline.functions.http.Route;

import java.time.Clock;
import java.util.List;

/** {@code GET /health}: every table, queue and secret the environment names, and whether each answered. */
public final class HealthRoutes {
    public record HealthReport(String status, String checkedAt, List<ResourceStatus> resources) {
    }

    private final HealthCheck health;
    private final Clock clock;

    public HealthRoutes(HealthCheck health, Clock clock) {
        this.health = health;
        this.clock = clock;
    }

    public List<Route> routes() {
        return List.of(new Route("GET", "/health", Route.Access.PUBLIC, call -> {
            List<ResourceStatus> resources = health.check();
            boolean ok = resources.stream().allMatch(ResourceStatus::present);
            return ApiResponse.json(ok ? 200 : 503,
                    new HealthReport(ok ? "ok" : "degraded", clock.instant().toString(), resources));
        }));
    }
}
