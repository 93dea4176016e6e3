package dev.hookline.functions.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.hookline.core.catalog.EventCatalog;
import dev.hookline.core.delivery.DeliveryStore;
import dev.hookline.core.delivery.EventPublisher;
import dev.hookline.core.delivery.Message;
import dev.hookline.core.delivery.MessageStore;
import dev.hookline.core.endpoint.PlatformEvents;
import dev.hookline.core.crypto.CursorSeal;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.ProblemType;
import dev.hookline.core.wire.ApiJson;
import dev.hookline.core.wire.RawJson;
import dev.hookline.functions.http.ApiResponse;
import dev.hookline.functions.http.Call;
import dev.hookline.functions.http.Json;
import dev.hookline.functions.http.Page;
import dev.hookline.functions.http.Route;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1/events}: publish (idempotent with Idempotency-Key; checked against the tenant's event catalog), list the
 * tenant's events newest first, and look one up with its deliveries.
 */
public final class EventRoutes {
    private final EventCatalog publisher;
    private final MessageStore messages;
    private final DeliveryStore deliveries;
    private final int maxEventBytes;
    private final Paging paging;

    public EventRoutes(EventCatalog publisher, MessageStore messages, DeliveryStore deliveries, int maxEventBytes,
                       CursorSeal cursors) {
        this.paging = new Paging(cursors);
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

    /** The publish body but {@code data} and {@code metadata}, kept as the exact text the publisher sent. */
    public record EventFields(String type, String id) {
    }

    private ApiResponse publish(Call call) {
        if (call.request().body().length > maxEventBytes) {
            throw Problem.of(ProblemType.PAYLOAD_TOO_LARGE, "Events are limited to " + maxEventBytes
                    + " bytes; this one has " + call.request().body().length + ".").toException();
        }
        Map<String, RawJson.Value> members = call.request().bodyMembers();
        ObjectNode fields = Json.MAPPER.createObjectNode();
        members.forEach((name, value) -> {
            if (!name.equals("data") && !name.equals("metadata")) {
                fields.set(name, value.value());
            }
        });
        EventFields body = ApiJson.convert(fields, EventFields.class, "");
        if (PlatformEvents.isReserved(body.type())) {
            throw Problem.invalid("The type '" + body.type() + "' is one of Hookline's own events.", List.of(
                    new Problem.FieldError("type", "is reserved for Hookline's own events (see GET /v1/event-types);"
                            + " publish your own types, e.g. 'order.paid'"))).toException();
        }
        // The publisher's own text of data, so receivers get its bytes and not a re-serialisation.
        String data = members.containsKey("data") ? members.get("data").text() : null;
        String metadata = members.containsKey("metadata") ? members.get("metadata").text() : null;
        EventPublisher.Published published = publisher.publish(call.caller().tenantId(), body.type(), data, metadata,
                body.id(), call.request().header("idempotency-key").orElse(null));
        return ApiResponse.json(202, Map.of("id", published.id(), "deliveries", published.deliveries()));
    }

    record SummaryView(String id, String type, String timestamp) {
    }

    private ApiResponse list(Call call) {
        MessageStore.SummaryPage page = messages.page(call.caller().tenantId(), paging.after(call, "events"),
                Paging.limit(call.request()));
        return ApiResponse.json(200, new Page<>(page.messages().stream()
                .map(m -> new SummaryView(m.id(), m.type(), m.timestamp().toString())).toList(),
                paging.next(call, "events", page.nextCursor())));
    }

    private ApiResponse get(Call call) {
        Message message = messages.get(call.caller().tenantId(), call.param("id"))
                .orElseThrow(() -> Problem.of(ProblemType.NOT_FOUND, "No event " + call.param("id") + ".").toException());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", message.id());
        view.put("type", message.type());
        view.put("timestamp", message.timestamp().toString());
        // As stored: the publisher's exact text.
        view.put("data", new RawValue(message.dataJson()));
        if (message.metadataJson() != null) {
            view.put("metadata", new RawValue(message.metadataJson()));
        }
        if (message.category() != null) {
            view.put("category", message.category());
        }
        view.put("deliveries", deliveries.listByMessage(message.tenantId(), message.id()).stream()
                .map(d -> Views.delivery(d, null)).toList());
        return ApiResponse.json(200, view);
    }
}
