package dev.hookline.functions.api;

import dev.hookline.core.delivery.DeliveryStore;
import dev.hookline.core.delivery.OutboundResponse;
import dev.hookline.core.delivery.PullDeliveries;
import dev.hookline.core.outbound.FailureKind;
import dev.hookline.core.problem.Problem;
import dev.hookline.functions.http.ApiRequest;
import dev.hookline.functions.http.ApiResponse;
import dev.hookline.functions.http.Call;
import dev.hookline.functions.http.Route;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pull endpoints: {@code GET /v1/endpoints/{id}/pull} leases due deliveries (long-polling up to {@code wait_s}),
 * {@code POST /v1/deliveries/{id}/ack} records what the receiver's application answered.
 */
public final class PullRoutes {
    static final int DEFAULT_MAX = 10;
    static final int MAX_LATENCY_MS = 3_600_000;

    public record AckBody(Integer statusCode, String error, Long latencyMs, String responseExcerpt, String leaseId) {
    }

    record PulledView(String deliveryId, String messageId, String endpointId, String eventType, int attempt,
                      String leaseId, String leaseUntil, Map<String, String> headers, String body) {
        static PulledView of(PullDeliveries.Pulled p) {
            return new PulledView(p.delivery().id(), p.delivery().messageId(), p.delivery().endpointId(),
                    p.delivery().eventType(), p.attempt(), p.leaseId(), p.leaseUntil().toString(),
                    new TreeMap<>(p.request().headers()), new String(p.request().body(), StandardCharsets.UTF_8));
        }
    }

    record PulledPage(List<PulledView> data) {
    }

    private final PullDeliveries pulls;
    private final DeliveryStore deliveries;

    public PullRoutes(PullDeliveries pulls, DeliveryStore deliveries) {
        this.pulls = pulls;
        this.deliveries = deliveries;
    }

    public List<Route> routes() {
        return List.of(
                new Route("GET", "/v1/endpoints/{id}/pull", Route.Access.TENANT, this::pull),
                new Route("POST", "/v1/deliveries/{id}/ack", Route.Access.TENANT, this::ack));
    }

    private ApiResponse pull(Call call) {
        ApiRequest request = call.request();
        int max = intParam(request, "max", DEFAULT_MAX, 1, PullDeliveries.MAX_BATCH);
        int wait = intParam(request, "wait_s", 0, 0, (int) PullDeliveries.MAX_WAIT.toSeconds());
        int visibility = intParam(request, "visibility_s", (int) PullDeliveries.DEFAULT_VISIBILITY.toSeconds(),
                (int) PullDeliveries.MIN_VISIBILITY.toSeconds(), (int) PullDeliveries.MAX_VISIBILITY.toSeconds());
        List<PulledView> out = new ArrayList<>();
        pulls.pull(call.caller().tenantId(), call.param("id"), max, Duration.ofSeconds(wait), Duration.ofSeconds(visibility))
                .forEach(p -> out.add(PulledView.of(p)));
        return ApiResponse.json(200, new PulledPage(out));
    }

    private ApiResponse ack(Call call) {
        AckBody body = call.request().bodyAs(AckBody.class);
        List<Problem.FieldError> errors = new ArrayList<>();
        FailureKind failure = null;
        if ((body.statusCode() == null) == (body.error() == null)) {
            errors.add(new Problem.FieldError("status_code", "give the application's status_code, or error when it did not answer"));
        }
        if (body.statusCode() != null && (body.statusCode() < 100 || body.statusCode() > 599)) {
            errors.add(new Problem.FieldError("status_code", "must be an HTTP status from 100 to 599"));
        }
        if (body.error() != null) {
            failure = switch (body.error()) {
                case "timeout" -> FailureKind.TIMEOUT;
                case "connect_error" -> FailureKind.CONNECT_ERROR;
                case "tls_error" -> FailureKind.TLS_ERROR;
                default -> {
                    errors.add(new Problem.FieldError("error", "must be timeout, connect_error or tls_error"));
                    yield null;
                }
            };
        }
        if (body.latencyMs() != null && (body.latencyMs() < 0 || body.latencyMs() > MAX_LATENCY_MS)) {
            errors.add(new Problem.FieldError("latency_ms", "must be between 0 and " + MAX_LATENCY_MS));
        }
        if (body.responseExcerpt() != null && body.responseExcerpt().getBytes(StandardCharsets.UTF_8).length
                > OutboundResponse.MAX_EXCERPT_BYTES) {
            errors.add(new Problem.FieldError("response_excerpt", "must be at most " + OutboundResponse.MAX_EXCERPT_BYTES
                    + " bytes (an excerpt, not the whole answer)"));
        }
        if (body.leaseId() != null && (body.leaseId().isEmpty() || body.leaseId().length() > 64)) {
            errors.add(new Problem.FieldError("lease_id", "must be the lease_id the pull answered"));
        }
        if (!errors.isEmpty()) {
            throw Problem.invalid("The ack is not valid.", errors).toException();
        }
        var delivery = pulls.ack(call.caller().tenantId(), call.param("id"), new PullDeliveries.Ack(body.statusCode(),
                failure, body.latencyMs() == null ? 0 : body.latencyMs(), body.responseExcerpt(), body.leaseId()));
        return ApiResponse.json(200, Views.delivery(delivery, deliveries.attempts(delivery.tenantId(), delivery.id())));
    }

    private static int intParam(ApiRequest request, String name, int fallback, int min, int max) {
        String raw = request.queryParam(name).orElse(null);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw Problem.invalid(name + " must be a whole number from " + min + " to " + max + ".",
                List.of(new Problem.FieldError(name, "must be between " + min + " and " + max))).toException();
    }
}
