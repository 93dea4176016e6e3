package dev.hookline.functions.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.catalog.CatalogSettings;
import dev.hookline.core.catalog.EventCatalog;
import dev.hookline.core.catalog.EventType;
import dev.hookline.core.catalog.EventTypeSpec;
import dev.hookline.core.catalog.PlatformEventType;
import dev.hookline.core.catalog.PlatformEventTypes;
import dev.hookline.core.crypto.CursorSeal;
import dev.hookline.core.endpoint.PlatformEvents;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.wire.WireJson;
import dev.hookline.functions.http.ApiResponse;
import dev.hookline.functions.http.Call;
import dev.hookline.functions.http.Page;
import dev.hookline.functions.http.Route;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code /v1/event-types}: the event catalog. Hookline's own types ({@code owner: "hookline"}), each with what it
 * means and an example of its {@code data}, listed beside the tenant's own registered types ({@code owner: "tenant"},
 * {@code POST|GET|PATCH|DELETE}); {@code /v1/event-catalog/settings} says how strictly publishing follows the catalog.
 * The first page of the listing carries every Hookline type (a fixed, small set) and then up to {@code limit} of the
 * tenant's, by name; later pages only the tenant's.
 *
 * <p>Hookline's own types and their examples are {@link PlatformEventTypes}.
 */
public final class EventTypesRoutes {
    /** {@code type} repeats {@code name}: the first listing called it so, and clients read it. */
    record EventTypeView(String name, String type, String owner, String category, String description, JsonNode schema,
                         JsonNode example, boolean operational, boolean deprecated, String createdAt,
                         String updatedAt) {
        static EventTypeView of(PlatformEventType info) {
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
                    var platform = PlatformEventTypes.find(call.param("name"));
                    return ApiResponse.json(200, platform.isPresent() ? EventTypeView.of(platform.get())
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
            PlatformEventTypes.all().forEach(info -> views.add(EventTypeView.of(info)));
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
}
