package dev.hookline.functions.api;

import dev.hookline.core.crypto.CursorSeal;
import dev.hookline.core.delivery.DeliveryAdmin;
import dev.hookline.core.delivery.Recovery;
import dev.hookline.core.endpoint.EndpointAdmin;
import dev.hookline.core.problem.Problem;
import dev.hookline.functions.http.ApiResponse;
import dev.hookline.functions.http.Call;
import dev.hookline.functions.http.Page;
import dev.hookline.functions.http.Route;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code /v1/endpoints/{id}/recover} and {@code /v1/endpoints/{id}/dead-letters…}: after a receiver's outage,
 * send again what gave up since a point in time, or list and redrive the endpoint's dead letters.
 */
public final class RecoveryRoutes {
    public record RecoverBody(String since) {
    }

    record Requeued(int requeued) {
    }

    record DeadLetterView(String deliveryId, String messageId, String eventType, int attempts, String reason,
                          String deadLetteredAt) {
        static DeadLetterView of(Recovery.DeadLetterEntry e) {
            return new DeadLetterView(e.deliveryId(), e.messageId(), e.eventType(), e.attempts(), e.reason(),
                    e.deadLetteredAt() == null ? null : e.deadLetteredAt().toString());
        }
    }

    private final EndpointAdmin admin;
    private final Recovery recovery;
    private final DeliveryAdmin actions;
    private final Paging paging;

    public RecoveryRoutes(EndpointAdmin admin, Recovery recovery, DeliveryAdmin actions, CursorSeal cursors) {
        this.actions = actions;
        this.paging = new Paging(cursors);
        this.admin = admin;
        this.recovery = recovery;
    }

    public List<Route> routes() {
        return List.of(
                new Route("POST", "/v1/endpoints/{id}/recover", Route.Access.TENANT, this::recover),
                new Route("GET", "/v1/endpoints/{id}/dead-letters", Route.Access.TENANT, this::deadLetters),
                new Route("POST", "/v1/endpoints/{id}/dead-letters/redrive", Route.Access.TENANT, call -> {
                    String id = admin.get(call.caller(), call.param("id")).id();
                    return ApiResponse.json(202, new Requeued(actions.redriveDeadLetters(call.caller(), id)));
                }));
    }

    private ApiResponse recover(Call call) {
        String id = admin.get(call.caller(), call.param("id")).id();
        Instant since = since(call);
        return ApiResponse.json(202, new Requeued(actions.recover(call.caller(), id, since)));
    }

    private ApiResponse deadLetters(Call call) {
        String id = admin.get(call.caller(), call.param("id")).id();
        Recovery.DeadLetterPage page = recovery.deadLetters(call.caller().tenantId(), id,
                paging.after(call, "dead-letters/" + id), Paging.limit(call.request()));
        return ApiResponse.json(200, new Page<>(page.deadLetters().stream().map(DeadLetterView::of).toList(),
                paging.next(call, "dead-letters/" + id, page.nextCursor())));
    }

    /** The body's {@code since} as an RFC 3339 time (Recovery decides whether it is within reach). */
    private static Instant since(Call call) {
        String raw = call.request().body().length == 0 ? null : call.request().bodyAs(RecoverBody.class).since();
        if (raw == null || raw.isBlank()) {
            throw invalid("since is required.", "is required (an RFC 3339 time, e.g. 2025-01-31T12:00:00Z)");
        }
        try {
            return OffsetDateTime.parse(raw.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid("since is not an RFC 3339 time.", "must be an RFC 3339 time with an offset, e.g. 2025-01-31T12:00:00Z");
        }
    }

    private static RuntimeException invalid(String detail, String message) {
        return Problem.invalid(detail, List.of(new Problem.FieldError("since", message))).toException();
    }
}
