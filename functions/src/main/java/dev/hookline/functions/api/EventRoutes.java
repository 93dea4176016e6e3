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
import dev.hookline.core.problem.ProblemException;
import dev.hookline.core.problem.ProblemType;
import dev.hookline.core.wire.ApiJson;
import dev.hookline.core.wire.RawJson;
import dev.hookline.functions.http.ApiResponse;
import dev.hookline.functions.http.Call;
import dev.hookline.functions.http.Json;
import dev.hookline.functions.http.Page;
import dev.hookline.functions.http.Route;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1/events}: publish (idempotent with Idempotency-Key; checked against the tenant's event catalog), list the
 * tenant's events newest first, and look one up with its deliveries.
 */
public final class EventRoutes {
    /** A batch's body, under the 6 MB a synchronous Lambda invocation's payload may be (its envelope included). */
    static final int MAX_BATCH_BYTES = 5 * 1024 * 1024;

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
                new Route("POST", "/v1/events/batch", Route.Access.TENANT, this::publishBatch),
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
        refuseReserved(body.type());
        // The publisher's own text of data, so receivers get its bytes and not a re-serialisation.
        String data = members.containsKey("data") ? members.get("data").text() : null;
        String metadata = members.containsKey("metadata") ? members.get("metadata").text() : null;
        EventPublisher.Published published = publisher.publish(call.caller().tenantId(), body.type(), data, metadata,
                body.id(), call.request().header("idempotency-key").orElse(null));
        return ApiResponse.json(202, Map.of("id", published.id(), "deliveries", published.deliveries()));
    }

    /** One event of a batch but {@code data} and {@code metadata}: what the single publish takes, its Idempotency-Key as a field. */
    public record BatchEventFields(String type, String id, @com.fasterxml.jackson.annotation.JsonProperty("idempotency_key")
            String idempotencyKey) {
    }

    /**
     * {@code POST /v1/events/batch}: up to 100 events, each decoded, checked and published on its own, so one bad
     * event costs only itself. A malformed body, or one that is not 1-100 events, is refused whole.
     */
    private ApiResponse publishBatch(Call call) {
        if (call.request().body().length > MAX_BATCH_BYTES) {
            throw Problem.of(ProblemType.PAYLOAD_TOO_LARGE, "A batch is limited to " + MAX_BATCH_BYTES
                    + " bytes (a Lambda request's payload is at most 6 MB); this one has " + call.request().body().length
                    + ".").toException();
        }
        if (call.request().header("idempotency-key").isPresent()) {
            throw Problem.invalid("A batch takes an idempotency key per event, not one for the call.", List.of(
                    new Problem.FieldError("Idempotency-Key", "give each event its own idempotency_key instead")))
                    .toException();
        }
        Map<String, RawJson.Value> members = call.request().bodyMembers();
        for (String name : members.keySet()) {
            if (!name.equals("events")) {
                throw Problem.invalid("Unknown field '" + name + "'.",
                        List.of(new Problem.FieldError(name, "is not a known field"))).toException();
            }
        }
        RawJson.Value events = members.get("events");
        if (events == null || !events.value().isArray()) {
            throw Problem.invalid("The body must be {\"events\": [...]}.",
                    List.of(new Problem.FieldError("events", "must be an array of 1 to "
                            + EventPublisher.MAX_BATCH_EVENTS + " events"))).toException();
        }
        byte[] text = events.text().getBytes(StandardCharsets.UTF_8);
        List<RawJson.Value> items = RawJson.elements(text, EventPublisher.MAX_BATCH_EVENTS, () -> {
            throw Problem.invalid("A batch holds at most " + EventPublisher.MAX_BATCH_EVENTS + " events.", List.of(
                    new Problem.FieldError("events", "must hold 1 to " + EventPublisher.MAX_BATCH_EVENTS + " events")))
                    .toException();
        });
        List<EventPublisher.BatchEvent> decoded = new ArrayList<>();
        List<Integer> decodedAt = new ArrayList<>();
        EventPublisher.BatchResult[] results = new EventPublisher.BatchResult[items.size()];
        for (int i = 0; i < items.size(); i++) {
            try {
                decoded.add(decode(items.get(i), "events[" + i + "]"));
                decodedAt.add(i);
            } catch (ProblemException e) {
                results[i] = EventPublisher.BatchResult.of(e);
            }
        }
        if (items.isEmpty()) {
            publisher.publishBatch(call.caller().tenantId(), List.of()); // refuses, with the rule's own words
        }
        if (!decoded.isEmpty()) {
            List<EventPublisher.BatchResult> published = publisher.publishBatch(call.caller().tenantId(), decoded);
            for (int j = 0; j < published.size(); j++) {
                results[decodedAt.get(j)] = published.get(j);
            }
        }
        List<Map<String, Object>> view = new ArrayList<>();
        int accepted = 0;
        for (int i = 0; i < results.length; i++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("index", i);
            EventPublisher.BatchResult r = results[i];
            if (r.published() != null) {
                accepted++;
                item.put("status", 202);
                item.put("id", r.published().id());
                item.put("deliveries", r.published().deliveries());
            } else {
                item.put("status", r.problem().status());
                item.put("problem", ApiResponse.problemDocument(r.problem()));
                if (r.retryAfterSeconds() != null) {
                    item.put("retry_after", r.retryAfterSeconds());
                }
            }
            view.add(item);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accepted", accepted);
        body.put("failed", results.length - accepted);
        body.put("results", view);
        return ApiResponse.json(200, body);
    }

    /** One event of a batch, as the single publish decodes its body; a problem names the event by its index. */
    private EventPublisher.BatchEvent decode(RawJson.Value item, String at) {
        if (!item.value().isObject()) {
            throw Problem.invalid(at + " must be an object.", List.of(new Problem.FieldError(at, "must be an object")))
                    .toException();
        }
        int bytes = item.text().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxEventBytes) {
            throw Problem.of(ProblemType.PAYLOAD_TOO_LARGE, "Events are limited to " + maxEventBytes
                    + " bytes; " + at + " has " + bytes + ".").toException();
        }
        Map<String, RawJson.Value> members = RawJson.members(item.text().getBytes(StandardCharsets.UTF_8));
        ObjectNode fields = Json.MAPPER.createObjectNode();
        members.forEach((name, value) -> {
            if (!name.equals("data") && !name.equals("metadata")) {
                fields.set(name, value.value());
            }
        });
        BatchEventFields body = ApiJson.convert(fields, BatchEventFields.class, at);
        refuseReserved(body.type());
        String data = members.containsKey("data") ? members.get("data").text() : null;
        String metadata = members.containsKey("metadata") ? members.get("metadata").text() : null;
        return new EventPublisher.BatchEvent(body.type(), data, metadata, null, body.id(), body.idempotencyKey());
    }

    private static void refuseReserved(String type) {
        if (PlatformEvents.isReserved(type)) {
            throw Problem.invalid("The type '" + type + "' is one of Hookline's own events.", List.of(
                    new Problem.FieldError("type", "is reserved for Hookline's own events (see GET /v1/event-types);"
                            + " publish your own types, e.g. 'order.paid'"))).toException();
        }
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
