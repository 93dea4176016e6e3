package dev.hookline.functions.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.catalog.PlatformEventType;
import dev.hookline.core.catalog.PlatformEventTypes;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.functions.ApiHandler;
import dev.hookline.functions.wiring.Wiring;
import dev.hookline.infrastructure.config.Environment;
import dev.hookline.functions.http.ApiResponse;
import dev.hookline.functions.http.Route;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The published OpenAPI document and the routes the code serves must not drift apart, in either direction:
 * every route is documented, and every documented operation is served (by the API function, or the ingest one).
 */
class OpenApiDocumentTest {
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    /** Served outside ApiHandler: the ingest function's route. */
    private static final Set<String> OTHER_FUNCTIONS = Set.of("POST /in/{token}");
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}/]+)}");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode doc;
    /** "METHOD /template" of every route the API function serves, with its access. */
    private static Map<String, Route.Access> routes;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/openapi.json")) {
            assertNotNull(in, "openapi.json is on the classpath");
            doc = JSON.readTree(in);
        }
        Map<String, String> env = new HashMap<>();
        env.put("ENTITIES_TABLE", "entities");
        env.put("DELIVERIES_TABLE", "deliveries");
        env.put("IDEMPOTENCY_TABLE", "idempotency");
        env.put("FANOUT_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/000000000000/fanout");
        env.put("DELIVERY_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/000000000000/delivery");
        env.put("DELIVERY_DLQ_URL", "https://sqs.us-east-1.amazonaws.com/000000000000/delivery-dlq");
        env.put("MASTER_KEY_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:master");
        env.put("ADMIN_KEY_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:admin");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "x");
        env.put("AWS_SECRET_ACCESS_KEY", "x");
        List<Route> all = new ArrayList<>(new ApiHandler(Wiring.from(new Environment(env))).routes());
        // Until ApiHandler registers it, the document's own route is added here; duplicates collapse below.
        all.addAll(new OpenApiRoutes().routes());
        routes = new LinkedHashMap<>();
        for (Route r : all) {
            routes.put(key(r.method(), r.template()), r.access());
        }
    }

    private static String key(String method, String template) {
        return method.toUpperCase(Locale.ROOT) + " " + template;
    }

    /** "METHOD /template" -> operation, for every operation under {@code paths}. */
    private static Map<String, JsonNode> operations() {
        Map<String, JsonNode> ops = new LinkedHashMap<>();
        doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(entry -> {
            if (HTTP_METHODS.contains(entry.getKey())) {
                ops.put(key(entry.getKey(), path.getKey()), entry.getValue());
            }
        }));
        return ops;
    }

    /** Every operation, also the {@code webhooks} ones (they need ids and responses too). */
    private static List<JsonNode> allOperations() {
        List<JsonNode> ops = new ArrayList<>(operations().values());
        doc.path("webhooks").properties().forEach(hook -> hook.getValue().properties().forEach(entry -> {
            if (HTTP_METHODS.contains(entry.getKey())) {
                ops.add(entry.getValue());
            }
        }));
        return ops;
    }

    private static JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            node = doc.at(ref.substring(1));
            assertFalse(node.isMissingNode(), "unresolved " + ref);
        }
        return node;
    }

    @Test
    void theWebhooksSectionDocumentsEveryPlatformEventTypeWithTheCatalogsExample() {
        Set<String> documented = new java.util.TreeSet<>();
        doc.path("webhooks").properties().forEach(hook -> documented.add(hook.getKey()));
        documented.remove("event"); // the tenant's own events: any type
        Set<String> published = new java.util.TreeSet<>();
        for (PlatformEventType type : PlatformEventTypes.all()) {
            published.add(type.type());
            JsonNode example = doc.path("webhooks").path(type.type()).path("post").path("requestBody")
                    .path("content").path("application/json").path("example");
            assertEquals(type.type(), example.path("type").asText(), type.type() + ": the example's type");
            assertEquals(type.example(), example.path("data"), type.type() + ": the example's data is the catalog's");
        }
        assertEquals(published, documented, "webhooks lists exactly the types Hookline publishes");
    }

    @Test
    void isOpenApi31() {
        assertTrue(doc.path("openapi").asText().startsWith("3.1"), "openapi is 3.1.x: " + doc.path("openapi"));
        assertFalse(doc.path("info").path("title").asText().isBlank(), "info.title");
        assertFalse(doc.path("info").path("version").asText().isBlank(), "info.version");
        assertTrue(doc.path("paths").isObject(), "paths");
    }

    @Test
    void everyRouteIsDocumented() {
        Set<String> documented = operations().keySet();
        Set<String> missing = new TreeSet<>(routes.keySet());
        missing.removeAll(documented);
        assertTrue(missing.isEmpty(), "routes missing from openapi.json: " + missing);
    }

    @Test
    void everyDocumentedOperationIsServed() {
        Set<String> served = new HashSet<>(routes.keySet());
        served.addAll(OTHER_FUNCTIONS);
        served.add("GET /openapi.json");
        Set<String> extra = new TreeSet<>(operations().keySet());
        extra.removeAll(served);
        assertTrue(extra.isEmpty(), "documented but not served: " + extra);
    }

    @Test
    void operationsHaveUniqueIdsSummariesAndSuccessResponses() {
        Set<String> ids = new HashSet<>();
        for (JsonNode op : allOperations()) {
            String id = op.path("operationId").asText("");
            assertFalse(id.isBlank(), "operationId missing in " + op);
            assertTrue(ids.add(id), "duplicate operationId " + id);
            assertFalse(op.path("summary").asText("").isBlank(), id + " has a summary");
            List<String> success = new ArrayList<>();
            op.path("responses").fieldNames().forEachRemaining(code -> {
                if (code.startsWith("2")) {
                    success.add(code);
                }
            });
            assertFalse(success.isEmpty(), id + " documents a 2xx response");
        }
    }

    @Test
    void securityAndErrorsFollowEachRoutesAccess() {
        Map<String, JsonNode> ops = operations();
        routes.forEach((route, access) -> {
            JsonNode op = ops.get(route);
            if (op == null) {
                return; // reported by everyRouteIsDocumented
            }
            JsonNode security = op.has("security") ? op.get("security") : doc.path("security");
            Set<String> schemes = new TreeSet<>();
            security.forEach(requirement -> requirement.fieldNames().forEachRemaining(schemes::add));
            JsonNode responses = op.path("responses");
            switch (access) {
                case PUBLIC -> assertTrue(schemes.isEmpty(), route + " is public but documents " + schemes);
                case ADMIN -> {
                    assertEquals(Set.of("adminKey"), schemes, route + " needs the admin key");
                    assertTrue(responses.has("401"), route + " documents 401");
                }
                case TENANT -> {
                    assertEquals(Set.of("apiKey"), schemes, route + " needs a tenant API key");
                    assertTrue(responses.has("401"), route + " documents 401");
                    if (route.contains("{id}")) {
                        assertTrue(responses.has("404"), route + " has an id and documents 404");
                    }
                }
            }
            if (op.has("requestBody") && !route.startsWith("POST /in/")) {
                assertTrue(responses.has("400") && responses.has("422"), route + " takes a body: documents 400 and 422");
            }
        });
    }

    @Test
    void errorResponsesAreProblems() {
        for (JsonNode op : allOperations()) {
            op.path("responses").properties().forEach(response -> {
                if (response.getKey().startsWith("4")) {
                    JsonNode content = resolve(response.getValue()).path("content");
                    // API Gateway's own refusals (before any function runs) are its JSON, not Hookline's problems.
                    boolean gateways = "#/components/schemas/GatewayError".equals(
                            content.path("application/json").path("schema").path("$ref").asText());
                    assertTrue(content.has("application/problem+json") || gateways,
                            op.path("operationId").asText() + " " + response.getKey() + " is application/problem+json");
                }
            });
        }
    }

    @Test
    void pathParametersAreDeclared() {
        doc.path("paths").properties().forEach(path -> {
            Set<String> inTemplate = new TreeSet<>();
            Matcher m = PATH_PARAM.matcher(path.getKey());
            while (m.find()) {
                inTemplate.add(m.group(1));
            }
            path.getValue().properties().forEach(entry -> {
                if (!HTTP_METHODS.contains(entry.getKey())) {
                    return;
                }
                Set<String> declared = new TreeSet<>();
                List<JsonNode> params = new ArrayList<>();
                path.getValue().path("parameters").forEach(params::add);
                entry.getValue().path("parameters").forEach(params::add);
                for (JsonNode p : params) {
                    JsonNode param = resolve(p);
                    if ("path".equals(param.path("in").asText())) {
                        assertTrue(param.path("required").asBoolean(), "path parameters are required");
                        declared.add(param.path("name").asText());
                    }
                }
                assertEquals(inTemplate, declared, entry.getKey() + " " + path.getKey() + " path parameters");
            });
        });
    }

    @Test
    void everyRefResolvesInsideTheDocument() {
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertFalse(refs.isEmpty());
        for (String ref : refs) {
            assertTrue(ref.startsWith("#/"), "only local refs: " + ref);
            assertFalse(doc.at(ref.substring(1)).isMissingNode(), "unresolved " + ref);
        }
    }

    private static void collectRefs(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref") && e.getValue().isTextual()) {
                    out.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, out));
        }
    }

    @Test
    void routeServesTheDocument() throws Exception {
        List<Route> served = new OpenApiRoutes().routes();
        assertEquals(1, served.size());
        Route route = served.getFirst();
        assertEquals("GET", route.method());
        assertEquals("/openapi.json", route.template());
        assertEquals(Route.Access.PUBLIC, route.access());
        ApiResponse response = route.action().handle(null);
        assertEquals(200, response.status());
        assertEquals("application/json", response.headers().get("content-type"));
        assertEquals(doc, JSON.readTree(response.body()));
    }
}
