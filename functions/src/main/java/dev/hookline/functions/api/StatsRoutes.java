package dev.hookline.functions.api;

import dev.hookline.core.endpoint.Endpoint;
import dev.hookline.core.endpoint.EndpointAdmin;
import dev.hookline.core.endpoint.EndpointHealth;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.stats.DeliveryStats;
import dev.hookline.functions.http.ApiResponse;
import dev.hookline.functions.http.Call;
import dev.hookline.functions.http.Route;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/endpoints/{id}/stats?window=1h|24h|7d}: an endpoint's delivery figures over a recent window
 * (default 24h), read from counters kept as deliveries happen, with its current health state.
 *
 * <p>The window counts whole 5-minute buckets overlapping {@code [now - window, now]}. {@code p95_response_ms}
 * is an upper-bound estimate at histogram resolution; {@code success_rate} is rounded to 4 decimals and
 * {@code avg_response_ms} to 1; all are 0 when there were no attempts. {@code state_reason} (and
 * {@code state_since}, should it be unknown) is left out when null, like every null in the API.
 */
public final class StatsRoutes {
    /** The windows on offer, in the order they are listed in errors. */
    static final Map<String, Duration> WINDOWS = windows();
    static final String DEFAULT_WINDOW = "24h";

    public record StatsView(String window, long total, long succeeded, long failed, double successRate,
                            double avgResponseMs, double p95ResponseMs, long deadLettered, String state,
                            String stateSince, String stateReason) {
    }

    private final EndpointAdmin admin;
    private final DeliveryStats stats;
    private final Clock clock;

    public StatsRoutes(EndpointAdmin admin, DeliveryStats stats, Clock clock) {
        this.admin = admin;
        this.stats = stats;
        this.clock = clock;
    }

    public List<Route> routes() {
        return List.of(new Route("GET", "/v1/endpoints/{id}/stats", Route.Access.TENANT, this::stats));
    }

    private ApiResponse stats(Call call) {
        String window = call.request().queryParam("window").orElse(DEFAULT_WINDOW);
        Duration length = WINDOWS.get(window);
        if (length == null) {
            throw Problem.invalid("Unknown window '" + window + "'.", List.of(new Problem.FieldError("window",
                    "must be one of " + String.join(", ", WINDOWS.keySet())))).toException();
        }
        Endpoint endpoint = admin.get(call.caller(), call.param("id"));
        DeliveryStats.EndpointStatsView v = stats.read(endpoint.tenantId(), endpoint.id(), length, clock.instant());
        EndpointHealth health = endpoint.health();
        return ApiResponse.json(200, new StatsView(window, v.total(), v.succeeded(), v.failed(),
                round(v.successRate(), 4), round(v.avgResponseMs(), 1), v.p95ResponseMs(), v.deadLettered(),
                health.state(), health.since() == null ? null : health.since().toString(), health.reason()));
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    private static Map<String, Duration> windows() {
        Map<String, Duration> w = new LinkedHashMap<>();
        w.put("1h", Duration.ofHours(1));
        w.put("24h", Duration.ofHours(24));
        w.put("7d", Duration.ofDays(7));
        return java.util.Collections.unmodifiableMap(w);
    }
}
