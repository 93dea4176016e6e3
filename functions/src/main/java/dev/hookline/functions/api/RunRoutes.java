package dev.hookline.functions.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.crypto.CursorSeal;
import dev.hookline.core.inbound.run.Run;
import dev.hookline.core.inbound.run.RunAdmin;
import dev.hookline.core.inbound.run.RunStore;
import dev.hookline.functions.http.ApiResponse;
import dev.hookline.functions.http.Json;
import dev.hookline.functions.http.Page;
import dev.hookline.functions.http.Route;

import java.util.List;

/** {@code /v1/runs…}: runs started by trigger sources, and the pipeline runner's status reports. */
public final class RunRoutes {
    public record StatusBody(String status, String detail) {
    }

    private final RunAdmin runs;
    private final Paging paging;

    public RunRoutes(RunAdmin runs, CursorSeal cursors) {
        this.runs = runs;
        this.paging = new Paging(cursors);
    }

    public List<Route> routes() {
        return List.of(
                new Route("GET", "/v1/runs", Route.Access.TENANT, call -> {
                    String sourceId = call.request().queryParam("source_id").orElse(null);
                    String status = call.request().queryParam("status").orElse(null);
                    RunStore.RunPage page = runs.list(call.caller(), sourceId, status,
                            paging.after(call, "runs", sourceId, status), Paging.limit(call.request()));
                    return ApiResponse.json(200, new Page<>(page.runs().stream().map(RunRoutes::view).toList(),
                            paging.next(call, "runs", page.nextCursor(), sourceId, status)));
                }),
                new Route("GET", "/v1/runs/{id}", Route.Access.TENANT,
                        call -> ApiResponse.json(200, view(runs.get(call.caller(), call.param("id"))))),
                new Route("POST", "/v1/runs/{id}/status", Route.Access.TENANT, call -> {
                    StatusBody body = call.request().bodyAs(StatusBody.class);
                    return ApiResponse.json(200, view(runs.report(call.caller(), call.param("id"), body.status(), body.detail())));
                }));
    }

    static ObjectNode view(Run r) {
        ObjectNode v = Json.MAPPER.createObjectNode();
        v.put("id", r.id());
        v.put("source_id", r.sourceId());
        v.put("pipeline", r.pipeline());
        v.put("version", r.version());
        v.set("parameters", r.parameters());
        v.put("status", r.status());
        if (!r.violations().isEmpty()) {
            v.set("violations", Json.MAPPER.valueToTree(r.violations()));
        }
        v.put("detail", r.detail());
        v.put("received_at", r.receivedAt().toString());
        v.put("updated_at", r.updatedAt().toString());
        return v;
    }
}
