package dev.hookline.core.catalog;

import dev.hookline.core.delivery.AttemptRecorder;
import dev.hookline.core.delivery.SecretRotation;
import dev.hookline.core.endpoint.BreakerSettings;
import dev.hookline.core.endpoint.CircuitBreaker;
import dev.hookline.core.inbound.IngestService;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every event type Hookline itself publishes, with what it means and an example of its {@code data}: listed by
 * {@code GET /v1/event-types} (and so by the console), and the source of truth the OpenAPI document's
 * {@code webhooks} section is checked against. Thresholds in the descriptions come from the code that applies them,
 * so a changed default changes the documentation with it.
 *
 * <p>The examples have the shapes the code publishes: {@code RunAdmin.publish} (run.*),
 * {@code EndpointHealthTracker.publish} (endpoint.*), {@code DeadLetter.of} (delivery.dead_lettered) and
 * {@code EndpointTests} (webhook.test).
 */
public final class PlatformEventTypes {
    private static final String OPERATIONAL_NOTE = " Operational: delivered only to endpoints that name it in"
            + " event_types (e.g. \"%s\" or \"%s\"), never to catch-all endpoints (\"*\" or no filter).";

    /** Every event type Hookline publishes, in the order they are listed. */
    static final List<PlatformEventType> ALL = List.of(
            run("run.queued", "A trigger source accepted a call and queued a pipeline run (after the runs queue"
                    + " acknowledged it); run_id is the correlation id the caller got back.", "queued", null),
            new PlatformEventType("run.failed_validation", "A trigger source refused a call's parameters (a non-strict"
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
            endpoint("endpoint.degraded", "An endpoint failed several attempts in a row (" + CircuitBreaker.DEGRADED_AFTER
                    + ") and is degraded; deliveries still go to it.", "degraded", "\"" + CircuitBreaker.DEGRADED_AFTER + " consecutive failures\""),
            endpoint("endpoint.paused", "An endpoint's circuit opened (too many consecutive failures, or too high a"
                    + " failure rate over the window): deliveries wait and one probe is sent per interval.",
                    "paused", "\"" + BreakerSettings.DEFAULT.consecutiveFailuresToOpen() + " consecutive failures\""),
            endpoint("endpoint.recovered", "A degraded or paused endpoint succeeded again and is healthy; deliveries"
                    + " that waited while it was paused are sent.", "healthy", "null"),
            endpoint("endpoint.disabled", "An endpoint was disabled automatically: it answered 410 Gone, or kept"
                    + " failing for the breaker's disable_after_s without a success. Re-enable it to resume.",
                    "disabled", "\"failing for 5 days without a success\""),
            new PlatformEventType("delivery.dead_lettered", "A delivery gave up after its last attempt and was"
                    + " dead-lettered (see GET /v1/endpoints/{id}/dead-letters to list and redrive them). Not"
                    + " published for deliveries of delivery.* or endpoint.* events themselves."
                    + OPERATIONAL_NOTE.formatted("delivery.dead_lettered", "delivery.*"),
                    """
                    {"kind":"delivery.dead_lettered","tenant_id":"ten_01hq3v9x0c8k2m4n6p8r0s2t4a",\
                    "delivery_id":"dlv_01hq3v9x0c8k2m4n6p8r0s2t4x","endpoint_id":"ep_01hq3v9x0c8k2m4n6p8r0s2t4v",\
                    "message_id":"msg_01hq3v9x0c8k2m4n6p8r0s2t4y","event_type":"invoice.paid","attempts":10,\
                    "last_outcome":"server_error","last_status_code":503,"dead_lettered_at":"2025-01-15T09:30:00Z"}""",
                    true),
            new PlatformEventType("delivery.failing", "A delivery has failed DeliveryFailingAfter attempts (default "
                    + AttemptRecorder.DEFAULT_FAILING_AFTER + ")"
                    + " and is still retrying; published once per delivery. Not published for deliveries of"
                    + " operational events themselves." + OPERATIONAL_NOTE.formatted("delivery.failing", "delivery.*"),
                    """
                    {"delivery_id":"dlv_01hq3v9x0c8k2m4n6p8r0s2t4x","endpoint_id":"ep_01hq3v9x0c8k2m4n6p8r0s2t4v",\
                    "message_id":"msg_01hq3v9x0c8k2m4n6p8r0s2t4y","event_type":"invoice.paid","attempts":3,\
                    "last_outcome":"server_error","last_status_code":503,"next_attempt_at":"2025-01-15T09:34:30Z"}""",
                    true),
            new PlatformEventType("api_key.created", "An API key was issued for the tenant (the key itself is never in"
                    + " the event)." + OPERATIONAL_NOTE.formatted("api_key.created", "api_key.*"),
                    """
                    {"api_key_id":"key_01hq3v9x0c8k2m4n6p8r0s2t4k","name":"ci","hint":"hk_Ab3x…",\
                    "created_by":"key_01hq3v9x0c8k2m4n6p8r0s2t4j"}""",
                    true),
            new PlatformEventType("api_key.revoked", "An API key of the tenant was revoked."
                    + OPERATIONAL_NOTE.formatted("api_key.revoked", "api_key.*"),
                    """
                    {"api_key_id":"key_01hq3v9x0c8k2m4n6p8r0s2t4k","revoked_by":"key_01hq3v9x0c8k2m4n6p8r0s2t4j"}""",
                    true),
            new PlatformEventType("source.verification_failing", "A source refused " + IngestService.VERIFICATION_FAILING_THRESHOLD
                    + " calls in an hour because their"
                    + " signatures did not verify (a rotated sender secret is the usual cause); at most once per"
                    + " source and hour." + OPERATIONAL_NOTE.formatted("source.verification_failing", "source.*"),
                    """
                    {"source_id":"src_01hq3v9x0c8k2m4n6p8r0s2t4s","name":"stripe-exports","failures_this_hour":%d,\
                    "last_reason":"bad_signature"}""".formatted(IngestService.VERIFICATION_FAILING_THRESHOLD),
                    true),
            new PlatformEventType("secret.expiring", "An endpoint's previous signing secret stops signing soon: sent "
                    + SecretRotation.EXPIRING_NOTICE.toMinutes() + " minutes (at most half the grace period) before the"
                    + " rotation's grace period ends."
                    + OPERATIONAL_NOTE.formatted("secret.expiring", "secret.*"),
                    """
                    {"endpoint_id":"ep_01hq3v9x0c8k2m4n6p8r0s2t4v","previous_secret_expires_at":"2025-01-16T09:30:00Z"}""",
                    true),
            new PlatformEventType("webhook.test", "A test event sent at once to one endpoint by"
                    + " POST /v1/endpoints/{id}/test, whatever its event_types; not stored or retried.",
                    """
                    {"endpoint_id":"ep_01hq3v9x0c8k2m4n6p8r0s2t4v",\
                    "message":"This is a test event from Hookline."}""",
                    false));


    private static final Map<String, PlatformEventType> BY_NAME = ALL.stream()
            .collect(Collectors.toMap(PlatformEventType::type, Function.identity()));

    private PlatformEventTypes() {
    }

    /** In the order they are listed. */
    public static List<PlatformEventType> all() {
        return ALL;
    }

    public static Optional<PlatformEventType> find(String type) {
        return Optional.ofNullable(BY_NAME.get(type));
    }

    private static PlatformEventType run(String type, String description, String status, String detail) {
        return new PlatformEventType(type, description, """
                {"run_id":"run_01hq3v9x0c8k2m4n6p8r0s2t4v","source_id":"src_01hq3v9x0c8k2m4n6p8r0s2t4w",\
                "pipeline":"nightly-export","version":"v42","status":"%s","detail":%s,\
                "parameters":{"export_id":"exp_42"}}""".formatted(status, detail == null ? "null" : "\"" + detail + "\""),
                false);
    }

    /** {@code reasonJson}: the reason as a JSON value (a quoted string, or null for a healthy endpoint). */
    private static PlatformEventType endpoint(String type, String description, String state, String reasonJson) {
        return new PlatformEventType(type, description + OPERATIONAL_NOTE.formatted(type, "endpoint.*"), """
                {"endpoint_id":"ep_01hq3v9x0c8k2m4n6p8r0s2t4v","url":"https://example.com/hooks/hookline",\
                "state":"%s","since":"2025-01-15T09:30:00Z","reason":%s}""".formatted(state, reasonJson), true);
    }
}
