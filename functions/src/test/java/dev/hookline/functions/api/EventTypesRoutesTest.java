package dev.hookline.functions.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.endpoint.PlatformEvents;
import dev.hookline.core.catalog.PlatformEventType;
import dev.hookline.core.catalog.PlatformEventTypes;
import dev.hookline.functions.http.Route;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventTypesRoutesTest {
    @Test
    void everyRouteIsForTenants() {
        List<Route> routes = new EventTypesRoutes(null, null).routes();
        Set<String> seen = new HashSet<>();
        for (Route route : routes) {
            assertEquals(Route.Access.TENANT, route.access(), route.template());
            seen.add(route.method() + " " + route.template());
        }
        assertEquals(Set.of("GET /v1/event-types", "POST /v1/event-types", "GET /v1/event-types/{name}",
                "PATCH /v1/event-types/{name}", "DELETE /v1/event-types/{name}", "GET /v1/event-catalog/settings",
                "PATCH /v1/event-catalog/settings"), seen);
    }

    @Test
    void platformTypesAreListedAsHooklinesWithTheirCategory() {
        for (PlatformEventType info : PlatformEventTypes.all()) {
            EventTypesRoutes.EventTypeView view = EventTypesRoutes.EventTypeView.of(info);
            assertEquals(info.type(), view.name());
            assertEquals(info.type(), view.type(), "type repeats name for the first version's clients");
            assertEquals("hookline", view.owner());
            assertEquals(info.type().substring(0, info.type().indexOf('.')), view.category(), info.type());
            assertEquals(info.example(), view.example());
            assertFalse(view.deprecated());
        }
    }
}
