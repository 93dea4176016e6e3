package dev.hookline.functions.api;

import dev.hookline.core.delivery.Delivery;
import dev.hookline.core.delivery.DeliveryAdmin;
import dev.hookline.core.delivery.DeliveryStore;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.ProblemType;
import dev.hookline.functions.http.ApiResponse;
import dev.hookline.functions.http.Route;

import java.util.List;

/** {@code /v1/deliveries/{id}}: one delivery with every attempt, and manual retry. */
public final class DeliveryRoutes {
    private final DeliveryStore deliveries;
    private final DeliveryAdmin admin;

    public DeliveryRoutes(DeliveryStore deliveries, DeliveryAdmin admin) {
        this.deliveries = deliveries;
        this.admin = admin;
    }

    public List<Route> routes() {
        return List.of(
                new Route("GET", "/v1/deliveries/{id}", Route.Access.TENANT, call -> {
                    Delivery d = deliveries.get(call.caller().tenantId(), call.param("id")).orElseThrow(() ->
                            Problem.of(ProblemType.NOT_FOUND, "No delivery " + call.param("id") + ".").toException());
                    return ApiResponse.json(200, Views.delivery(d, deliveries.attempts(d.tenantId(), d.id())));
                }),
                new Route("POST", "/v1/deliveries/{id}/retry", Route.Access.TENANT, call -> ApiResponse.json(202,
                        Views.delivery(admin.retry(call.caller(), call.param("id")), null))));
    }
}
