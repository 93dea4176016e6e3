package dev.hookline.functions.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.functions.http.ApiResponse;
import dev.hookline.functions.http.Json;
import dev.hookline.functions.http.Page;
import dev.hookline.functions.http.Route;

import java.util.List;

/**
 * {@code GET /v1/event-types}: the event types Hookline itself publishes, each with what it means and an example
 * of its {@code data}, so a tenant can subscribe to them by name. Events the tenant publishes through
 * {@code POST /v1/events} are its own and not listed.
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

    record EventTypeView(String type, String description, JsonNode example, boolean operational) {
        static EventTypeView of(EventTypeInfo info) {
            return new EventTypeView(info.type(), info.description(), info.example(), info.operational());
        }
    }

    private static final String OPERATIONAL_NOTE = " Operational: delivered only to endpoints that name it in"
            + " event_types (e.g. \"%s\" or \"%s\"), never to catch-all endpoints (\"*\" or no filter).";

    /** Every event type Hookline publishes, in the order they are listed. */
    public static final List<EventTypeInfo> CATALOG = List.of(
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

    private final String body;

    public EventTypesRoutes() {
        this.body = ApiResponse.json(200, new Page<>(CATALOG.stream().map(EventTypeView::of).toList(), null)).body();
    }

    public List<Route> routes() {
        return List.of(new Route("GET", "/v1/event-types", Route.Access.TENANT,
                call -> new ApiResponse(200, java.util.Map.of("content-type", "application/json"), body)));
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
