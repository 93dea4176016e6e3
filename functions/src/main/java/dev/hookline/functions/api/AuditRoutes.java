package dev.hookline.functions.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.audit.AuditEntry;
import dev.hookline.core.audit.AuditLog;
import dev.hookline.core.audit.AuditQuery;
import dev.hookline.core.audit.AuditTrail;
import dev.hookline.core.crypto.CursorSeal;
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

/** {@code GET /v1/audit-log}: the tenant's management actions, newest first, filtered; cursors sealed to the filters. */
public final class AuditRoutes {
    record Target(String kind, String id) {
    }

    record ChangeView(String field, JsonNode before, JsonNode after) {
    }

    record EntryView(String id, String at, String actor, String action, Target target, List<ChangeView> changes) {
        static EntryView of(AuditEntry e) {
            return new EntryView(e.id(), e.at().toString(), e.actor(), e.action(), new Target(e.targetKind(), e.targetId()),
                    e.changes().stream().map(c -> new ChangeView(c.field(), c.before(), c.after())).toList());
        }
    }

    private final AuditTrail audit;
    private final Paging paging;

    public AuditRoutes(AuditTrail audit, CursorSeal cursors) {
        this.audit = audit;
        this.paging = new Paging(cursors);
    }

    public List<Route> routes() {
        return List.of(new Route("GET", "/v1/audit-log", Route.Access.TENANT, this::list));
    }

    private ApiResponse list(Call call) {
        var q = call.request();
        AuditQuery query = new AuditQuery(q.queryParam("action").orElse(null), q.queryParam("target_kind").orElse(null),
                q.queryParam("target_id").orElse(null), q.queryParam("actor").orElse(null), time(call, "from"),
                time(call, "to"));
        String[] filters = {query.action(), query.targetKind(), query.targetId(), query.actor(),
                q.queryParam("from").orElse(null), q.queryParam("to").orElse(null)};
        AuditLog.Page page = audit.list(call.caller(), query, paging.after(call, "audit-log", filters), Paging.limit(q));
        return ApiResponse.json(200, new Page<>(page.entries().stream().map(EntryView::of).toList(),
                paging.next(call, "audit-log", page.nextCursor(), filters)));
    }

    private static Instant time(Call call, String name) {
        String raw = call.request().queryParam(name).orElse(null);
        if (raw == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(raw.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw Problem.invalid(name + " is not an RFC 3339 time.", List.of(new Problem.FieldError(name,
                    "must be an RFC 3339 time with an offset, e.g. 2025-01-31T12:00:00Z"))).toException();
        }
    }
}
