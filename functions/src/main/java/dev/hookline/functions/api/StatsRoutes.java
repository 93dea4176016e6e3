package dev.hookline.functions.api;

import dev.hookline.core.endpoint.Endpoint;
import dev.hookline.core.endpoint.EndpointAdmin;
import dev.hookline.core.endpoint.EndpointHealth;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.stats.DeliveryStats;
import dev.hookline.core.stats.StatsBucket;
import dev.hookline.core.stats.StatsSeries;
import dev.hookline.core.stats.StatsWindow;
import dev.hookline.functions.http.ApiResponse;
import dev.hookline.functions.http.Call;
import dev.hookline.functions.http.Route;

import java.time.Clock;
import java.util.List;

/**
 * {@code GET /v1/endpoints/{id}/stats?window=1h|24h|7d}: an endpoint's delivery figures over a recent window
 * (default 24h), read from counters kept as deliveries happen, with its current health state; and
 * {@code GET /v1/endpoints/{id}/stats/series?window=…}: the same window in steps, for charts.
 *
 * <p>The window counts whole 5-minute buckets overlapping {@code [now - window, now]}. {@code p95_response_ms}
 * is an upper-bound estimate at histogram resolution; {@code success_rate} is rounded to 4 decimals and
 * {@code avg_response_ms} to 1; all are 0 when there were no attempts. {@code state_reason} (and
 * {@code state_since}, should it be unknown) is left out when null, like every null in the API. In a series, a
 * step without attempts leaves the three figures out (a gap in a chart, not a zero).
 */
public final class StatsRoutes {
    public record StatsView(String window, long total, long succeeded, long failed, double successRate,
                            double avgResponseMs, double p95ResponseMs, long deadLettered, String state,
                            String stateSince, String stateReason) {
    }

    public record PointView(String start, long total, long succeeded, long failed, long deadLettered,
                            Double successRate, Double avgResponseMs, Double p95ResponseMs) {
        static PointView of(StatsBucket b) {
            boolean any = b.total() > 0;
            return new PointView(b.start().toString(), b.total(), b.succeeded(), b.failed(), b.deadLettered(),
                    any ? round(b.successRate(), 4) : null, any ? round(b.avgResponseMs(), 1) : null,
                    any ? b.p95ResponseMs() : null);
        }
    }

    public record SeriesView(String window, long stepS, String from, String to, List<PointView> points) {
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
        return List.of(
                new Route("GET", "/v1/endpoints/{id}/stats", Route.Access.TENANT, this::stats),
                new Route("GET", "/v1/endpoints/{id}/stats/series", Route.Access.TENANT, this::series));
    }

    private ApiResponse stats(Call call) {
        StatsWindow window = window(call);
        Endpoint endpoint = admin.get(call.caller(), call.param("id"));
        DeliveryStats.EndpointStatsView v = stats.read(endpoint.tenantId(), endpoint.id(), window.length(), clock.instant());
        EndpointHealth health = endpoint.health();
        return ApiResponse.json(200, new StatsView(window.wire(), v.total(), v.succeeded(), v.failed(),
                round(v.successRate(), 4), round(v.avgResponseMs(), 1), v.p95ResponseMs(), v.deadLettered(),
                health.state(), health.since() == null ? null : health.since().toString(), health.reason()));
    }

    private ApiResponse series(Call call) {
        StatsWindow window = window(call);
        Endpoint endpoint = admin.get(call.caller(), call.param("id"));
        StatsSeries s = stats.series(endpoint.tenantId(), endpoint.id(), window, clock.instant());
        return ApiResponse.json(200, new SeriesView(window.wire(), s.step().toSeconds(), s.from().toString(),
                s.to().toString(), s.points().stream().map(PointView::of).toList()));
    }

    private static StatsWindow window(Call call) {
        String raw = call.request().queryParam("window").orElse(StatsWindow.DEFAULT.wire());
        return StatsWindow.fromWire(raw).orElseThrow(() -> Problem.invalid("Unknown window '" + raw + "'.",
                List.of(new Problem.FieldError("window", "must be one of " + String.join(", ", StatsWindow.wireNames()))))
                .toException());
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
