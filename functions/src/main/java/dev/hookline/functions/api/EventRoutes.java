package dev.hookline.functions.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.delivery.DeliveryStore;
import dev.hookline.core.delivery.EventPublisher;
import dev.hookline.core.delivery.Message;
import dev.hookline.core.delivery.MessageStore;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.ProblemType;
import dev.hookline.functions.http.ApiResponse;
import dev.hookline.functions.http.Call;
import dev.hookline.functions.http.Json;
import dev.hookline.functions.http.Page;
import dev.hookline.functions.http.Route;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /v1/events}: publish (idempotent with Idempotency-Key), list the tenant's events newest first, and look one
 * up with its deliveries.
 */
public final class EventRoutes {
    private static final Set<String> FIELDS = Set.of("type", "data", "id");

    private final EventPublisher publisher;
    private final MessageStore messages;
    private final DeliveryStore deliveries;
    private final int maxEventBytes;

    public EventRoutes(EventPublisher publisher, MessageStore messages, DeliveryStore deliveries, int maxEventBytes) {
        this.publisher = publisher;
        this.messages = messages;
        this.deliveries = deliveries;
        this.maxEventBytes = maxEventBytes;
    }

    public List<Route> routes() {
        return List.of(
                new Route("POST", "/v1/events", Route.Access.TENANT, this::publish),
                new Route("GET", "/v1/events", Route.Access.TENANT, this::list),
                new Route("GET", "/v1/events/{id}", Route.Access.TENANT, this::get));
    }

    private ApiResponse publish(Call call) {
        if (call.request().body().length > maxEventBytes) {
            throw Problem.of(ProblemType.PAYLOAD_TOO_LARGE, "Events are limited to " + maxEventBytes
                    + " bytes; this one has " + call.request().body().length + ".").toException();
        }
        JsonNode body = call.request().bodyTree();
        if (!body.isObject()) {
            throw Problem.of(ProblemType.BAD_REQUEST, "The body must be a JSON object.").toException();
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw Problem.invalid("Unknown field '" + field + "'.",
                        List.of(new Problem.FieldError(field, "is not a known field"))).toException();
            }
        }
        String data;
        try {
            data = body.has("data") ? Json.MAPPER.writeValueAsString(body.get("data")) : null;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        EventPublisher.Published published = publisher.publish(call.caller().tenantId(),
                body.hasNonNull("type") ? body.get("type").asText() : null, data,
                body.hasNonNull("id") ? body.get("id").asText() : null,
                call.request().header("idempotency-key").orElse(null));
        return ApiResponse.json(202, Map.of("id", published.id(), "deliveries", published.deliveries()));
    }

    record SummaryView(String id, String type, String timestamp) {
    }

    private ApiResponse list(Call call) {
        MessageStore.SummaryPage page = messages.page(call.caller().tenantId(),
                call.request().queryParam("cursor").orElse(null), Paging.limit(call.request()));
        return ApiResponse.json(200, new Page<>(page.messages().stream()
                .map(m -> new SummaryView(m.id(), m.type(), m.timestamp().toString())).toList(), page.nextCursor()));
    }

    private ApiResponse get(Call call) {
        Message message = messages.get(call.caller().tenantId(), call.param("id"))
                .orElseThrow(() -> Problem.of(ProblemType.NOT_FOUND, "No event " + call.param("id") + ".").toException());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", message.id());
        view.put("type", message.type());
        view.put("timestamp", message.timestamp().toString());
        try {
            view.put("data", Json.MAPPER.readTree(message.dataJson()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        view.put("deliveries", deliveries.listByMessage(message.tenantId(), message.id()).stream()
                .map(d -> Views.delivery(d, null)).toList());
        return ApiResponse.json(200, view);
    }
}
