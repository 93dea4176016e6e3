package dev.hookline.functions.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.catalog.CatalogSettings;
import dev.hookline.core.catalog.EventCatalog;
import dev.hookline.core.catalog.EventType;
import dev.hookline.core.catalog.EventTypeSpec;
import dev.hookline.core.crypto.CursorSeal;
import dev.hookline.core.endpoint.PlatformEvents;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.wire.WireJson;
import dev.hookline.functions.http.ApiResponse;
import dev.hookline.functions.http.Call;
import dev.hookline.functions.http.Json;
import dev.hookline.functions.http.Page;
import dev.hookline.functions.http.Route;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1/event-types}: the event catalog. Hookline's own types ({@code owner: "hookline"}), each with what it
 * means and an example of its {@code data}, listed beside the tenant's own registered types ({@code owner: "tenant"},
 * {@code POST|GET|PATCH|DELETE}); {@code /v1/event-catalog/settings} says how strictly publishing follows the catalog.
 * The first page of the listing carries every Hookline type (a fixed, small set) and then up to {@code limit} of the
 * tenant's, by name; later pages only the tenant's.
 *
 * <p>{@code operational} types ({@code endpoint.*}, {@code delivery.*}; see {@code PlatformEvents}) reach only
 * endpoints that name them in {@code event_types}: a catch-all endpoint ({@code *} or no filter) does not get them.
 * The examples have the shapes the code publishes: {@code RunAdmin.publish} (run.*),
 * {@code EndpointHealthTracker.publish} (endpoint.*), {@code DeadLetter.of} (delivery.dead_lettered) and
 * {@code EndpointRoutes.testSend} (webhook.test).
 */
public final class EventTypesRoutes {
    /** One published event type; {@code exampleJson} is an example of the event's {@code data}, a JSON object. */
    public record EventTypeInfo(String type, String description, String exampleJson, boolean operational) {
        /** The example parsed (a fresh tree on each call). */
        public JsonNode example() {
            try {
                return Json.MAPPER.readTree(exampleJson);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("The example of " + type + " is not JSON", e);
            }
        }
    }

    /** {@code type} repeats {@code name}: the first listing called it so, and clients read it. */
    record EventTypeView(String name, String type, String owner, String category, String description, JsonNode schema,
                         JsonNode example, boolean operational, boolean deprecated, String createdAt,
                         String updatedAt) {
        static EventTypeView of(EventTypeInfo info) {
            return new EventTypeView(info.type(), info.type(), "hookline", PlatformEvents.categoryOf(info.type()),
                    info.description(), null, info.example(), info.operational(), false, null, null);
        }

        static EventTypeView of(EventType t) {
            return new EventTypeView(t.name(), t.name(), "tenant", t.category(), t.description(),
                    t.schemaJson() == null ? null : WireJson.read(t.schemaJson()),
                    t.exampleJson() == null ? null : WireJson.read(t.exampleJson()), false, t.deprecated(),
                    t.createdAt().toString(), t.updatedAt().toString());
        }
    }

    /** A create or patch body; fields not given are none (create) or unchanged (patch). */
    public record EventTypeBody(String name, String category, String description, JsonNode schema, JsonNode example,
                                Boolean deprecated) {
        EventTypeSpec toSpec() {
            return new EventTypeSpec(name, category, description, absentIfNull(schema), absentIfNull(example), deprecated);
        }

        private static JsonNode absentIfNull(JsonNode node) {
            return node == null || node.isNull() ? null : node;
        }
    }

    public record SettingsBody(String unregisteredTypes, Boolean validateData) {
    }

    record SettingsView(String unregisteredTypes, boolean validateData) {
        static SettingsView of(CatalogSettings s) {
            return new SettingsView(s.unregisteredTypes(), s.validateData());
        }
    }

    private static final String OPERATIONAL_NOTE = " Operational: delivered only to endpoints that name it in"
            + " event_types (e.g. \"%s\" or \"%s\"), never to catch-all endpoints (\"*\" or no filter).";

    /** Every event type Hookline publishes, in the order they are listed. */
    public static final List<EventTypeInfo> CATALOG = List.of(
            run("run.queued", "A trigger source accepted a call and queued a pipeline run (after the runs queue"
                    + " acknowledged it); run_id is the correlation id the caller got back.", "queued", null),
            new EventTypeInfo("run.failed_validation", "A trigger source refused a call's parameters (a non-strict"
                    + " trigger records the run as failed_validation instead of queueing it); violations say why.",
                    """
                    {"run_id":"run_01hq3v9x0c8k2m4n6p8r0s2t4v","source_id":"src_01hq3v9x0c8k2m4n6p8r0s2t4w",\
                    "pipeline":"nightly-export","version":"v42","status":"failed_validation","detail":null,\
                    "parameters":{"export_id":null},\
                    "violations":[{"field":"export_id","message":"is required"}]}""", false),
            run("run.started", "A pipeline run started, as its runner reported through POST /v1/runs/{id}/status.",
                    "started", null),
            run("run.succeeded", "A pipeline run succeeded, as its runner reported through POST /v1/runs/{id}/status.",
                    "succeeded", null),
            run("run.failed", "A pipeline run failed, as its runner reported through POST /v1/runs/{id}/status;"
                    + " detail says why, if the runner said.", "failed", "exit code 1: upstream export timed out"),
            run("run.cancelled", "A pipeline run was cancelled, as its runner reported through"
                    + " POST /v1/runs/{id}/status.", "cancelled", null),
            endpoint("endpoint.degraded", "An endpoint failed several attempts in a row (3) and is degraded;"
                    + " deliveries still go to it.", "degraded", "\"3 consecutive failures\""),
            endpoint("endpoint.paused", "An endpoint's circuit opened (too many consecutive failures, or too high a"
                    + " failure rate over the window): deliveries wait and one probe is sent per interval.",
                    "paused", "\"10 consecutive failures\""),
            endpoint("endpoint.recovered", "A degraded or paused endpoint succeeded again and is healthy; deliveries"
                    + " that waited while it was paused are sent.", "healthy", "null"),
            endpoint("endpoint.disabled", "An endpoint was disabled automatically: it answered 410 Gone, or kept"
                    + " failing for the breaker's disable_after_s without a success. Re-enable it to resume.",
                    "disabled", "\"failing for 5 days without a success\""),
            new EventTypeInfo("delivery.dead_lettered", "A delivery gave up after its last attempt and was"
                    + " dead-lettered (see GET /v1/endpoints/{id}/dead-letters to list and redrive them). Not"
                    + " published for deliveries of delivery.* or endpoint.* events themselves."
                    + OPERATIONAL_NOTE.formatted("delivery.dead_lettered", "delivery.*"),
                    """
                    {"kind":"delivery.dead_lettered","tenant_id":"ten_01hq3v9x0c8k2m4n6p8r0s2t4a",\
                    "delivery_id":"dlv_01hq3v9x0c8k2m4n6p8r0s2t4x","endpoint_id":"ep_01hq3v9x0c8k2m4n6p8r0s2t4v",\
                    "message_id":"msg_01hq3v9x0c8k2m4n6p8r0s2t4y","event_type":"invoice.paid","attempts":10,\
                    "last_outcome":"server_error","last_status_code":503,"dead_lettered_at":"2025-01-15T09:30:00Z"}""",
                    true),
            new EventTypeInfo("delivery.failing", "A delivery has failed DeliveryFailingAfter attempts (default 3)"
                    + " and is still retrying; published once per delivery. Not published for deliveries of"
                    + " operational events themselves." + OPERATIONAL_NOTE.formatted("delivery.failing", "delivery.*"),
                    """
                    {"delivery_id":"dlv_01hq3v9x0c8k2m4n6p8r0s2t4x","endpoint_id":"ep_01hq3v9x0c8k2m4n6p8r0s2t4v",\
                    "message_id":"msg_01hq3v9x0c8k2m4n6p8r0s2t4y","event_type":"invoice.paid","attempts":3,\
                    "last_outcome":"server_error","last_status_code":503,"next_attempt_at":"2025-01-15T09:34:30Z"}""",
                    true),
            new EventTypeInfo("api_key.created", "An API key was issued for the tenant (the key itself is never in"
                    + " the event)." + OPERATIONAL_NOTE.formatted("api_key.created", "api_key.*"),
                    """
                    {"api_key_id":"key_01hq3v9x0c8k2m4n6p8r0s2t4k","name":"ci","hint":"hk_Ab3x…",\
                    "created_by":"key_01hq3v9x0c8k2m4n6p8r0s2t4j"}""",
                    true),
            new EventTypeInfo("api_key.revoked", "An API key of the tenant was revoked."
                    + OPERATIONAL_NOTE.formatted("api_key.revoked", "api_key.*"),
                    """
                    {"api_key_id":"key_01hq3v9x0c8k2m4n6p8r0s2t4k","revoked_by":"key_01hq3v9x0c8k2m4n6p8r0s2t4j"}""",
                    true),
            new EventTypeInfo("source.verification_failing", "A source refused 10 calls in an hour because their"
                    + " signatures did not verify (a rotated sender secret is the usual cause); at most once per"
                    + " source and hour." + OPERATIONAL_NOTE.formatted("source.verification_failing", "source.*"),
                    """
                    {"source_id":"src_01hq3v9x0c8k2m4n6p8r0s2t4s","name":"stripe-exports","failures_this_hour":10,\
                    "last_reason":"bad_signature"}""",
                    true),
            new EventTypeInfo("secret.expiring", "An endpoint's previous signing secret stops signing soon: sent an"
                    + " hour (at most half the grace period) before the rotation's grace period ends."
                    + OPERATIONAL_NOTE.formatted("secret.expiring", "secret.*"),
                    """
                    {"endpoint_id":"ep_01hq3v9x0c8k2m4n6p8r0s2t4v","previous_secret_expires_at":"2025-01-16T09:30:00Z"}""",
                    true),
            new EventTypeInfo("webhook.test", "A test event sent at once to one endpoint by"
                    + " POST /v1/endpoints/{id}/test, whatever its event_types; not stored or retried.",
                    """
                    {"endpoint_id":"ep_01hq3v9x0c8k2m4n6p8r0s2t4v",\
                    "message":"This is a test event from Hookline."}""",
                    false));

    private static final Map<String, EventTypeInfo> BY_NAME = CATALOG.stream()
            .collect(java.util.stream.Collectors.toMap(EventTypeInfo::type, i -> i));

    private final EventCatalog catalog;
    private final Paging paging;

    public EventTypesRoutes(EventCatalog catalog, CursorSeal cursors) {
        this.catalog = catalog;
        this.paging = new Paging(cursors);
    }

    public List<Route> routes() {
        return List.of(
                new Route("GET", "/v1/event-types", Route.Access.TENANT, this::list),
                new Route("POST", "/v1/event-types", Route.Access.TENANT, call -> ApiResponse.json(201,
                        EventTypeView.of(catalog.create(call.caller(), call.request().bodyAs(EventTypeBody.class).toSpec())))),
                new Route("GET", "/v1/event-types/{name}", Route.Access.TENANT, call -> {
                    EventTypeInfo platform = BY_NAME.get(call.param("name"));
                    return ApiResponse.json(200, platform != null ? EventTypeView.of(platform)
                            : EventTypeView.of(catalog.get(call.caller(), call.param("name"))));
                }),
                new Route("PATCH", "/v1/event-types/{name}", Route.Access.TENANT, call -> ApiResponse.json(200,
                        EventTypeView.of(catalog.update(call.caller(), call.param("name"),
                                call.request().bodyAs(EventTypeBody.class).toSpec())))),
                new Route("DELETE", "/v1/event-types/{name}", Route.Access.TENANT, call -> {
                    catalog.delete(call.caller(), call.param("name"));
                    return ApiResponse.noContent();
                }),
                new Route("GET", "/v1/event-catalog/settings", Route.Access.TENANT,
                        call -> ApiResponse.json(200, SettingsView.of(catalog.settings(call.caller())))),
                new Route("PATCH", "/v1/event-catalog/settings", Route.Access.TENANT, call -> {
                    SettingsBody body = call.request().bodyAs(SettingsBody.class);
                    return ApiResponse.json(200, SettingsView.of(catalog.updateSettings(call.caller(),
                            body.unregisteredTypes(), body.validateData())));
                }));
    }

    /** {@code ?owner=hookline|tenant} narrows the listing; the cursor pages through the tenant's types only. */
    private ApiResponse list(Call call) {
        String owner = call.request().queryParam("owner").orElse(null);
        if (owner != null && !owner.equals("hookline") && !owner.equals("tenant")) {
            throw Problem.invalid("owner must be hookline or tenant.", List.of(new Problem.FieldError("owner",
                    "must be 'hookline' or 'tenant'"))).toException();
        }
        int limit = Paging.limit(call.request());
        String filter = owner == null ? "" : owner;
        String after = paging.after(call, "event-types", filter);
        List<EventTypeView> views = new ArrayList<>();
        if (after == null && !"tenant".equals(owner)) {
            CATALOG.forEach(info -> views.add(EventTypeView.of(info)));
        }
        String next = null;
        if (!"hookline".equals(owner)) {
            Paging.Slice<EventType> page = Paging.slice(catalog.page(call.caller(), after, limit + 1), limit,
                    EventType::name);
            page.items().forEach(t -> views.add(EventTypeView.of(t)));
            next = paging.next(call, "event-types", page.after(), filter);
        }
        return ApiResponse.json(200, new Page<>(views, next));
    }

    private static EventTypeInfo run(String type, String description, String status, String detail) {
        return new EventTypeInfo(type, description, """
                {"run_id":"run_01hq3v9x0c8k2m4n6p8r0s2t4v","source_id":"src_01hq3v9x0c8k2m4n6p8r0s2t4w",\
                "pipeline":"nightly-export","version":"v42","status":"%s","detail":%s,\
                "parameters":{"export_id":"exp_42"}}""".formatted(status, detail == null ? "null" : "\"" + detail + "\""),
                false);
    }

    /** {@code reasonJson}: the reason as a JSON value (a quoted string, or null for a healthy endpoint). */
    private static EventTypeInfo endpoint(String type, String description, String state, String reasonJson) {
        return new EventTypeInfo(type, description + OPERATIONAL_NOTE.formatted(type, "endpoint.*"), """
                {"endpoint_id":"ep_01hq3v9x0c8k2m4n6p8r0s2t4v","url":"https://example.com/hooks/hookline",\
                "state":"%s","since":"2025-01-15T09:30:00Z","reason":%s}""".formatted(state, reasonJson), true);
    }
}
