package dev.hookline.local.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The published {@code openapi.json} as a test oracle: every exchange the integration tests make through {@link Http}
 * and every webhook a {@link TestReceiver} gets is checked against it, with {@code $ref}s resolved by the project's
 * JSON Schema validator (networknt, OpenAPI 3.1 dialect).
 *
 * <p>A response must be declared: its status (or {@code default}), every header beyond the transport's own, its media
 * type, and a body valid against the declared schema - otherwise the test that made the call fails, with the
 * operation, status and schema path in the message. A request is only classified: one the document calls invalid
 * (garbage a test sends on purpose) is counted as an invalid request, and fails the test only if it was answered 2xx,
 * since then the API accepted what its document refuses. Coverage (operations, valid and invalid requests, declared
 * responses) is printed at the end of the run by {@link ContractCoverageListener}.
 */
public final class OpenApiContract {
    private static final String IRI = "https://hookline.dev/openapi.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    /** Headers the transport adds to any response; everything else must be declared by the response. */
    private static final Set<String> TRANSPORT_HEADERS = Set.of("content-type", "content-length", "date", "connection",
            "transfer-encoding", "keep-alive", "apigw-requestid", ":status");
    private static final int MAX_ERRORS_SHOWN = 6;

    private static volatile OpenApiContract instance;

    private final JsonNode doc;
    private final SchemaRegistry registry;
    private final List<Operation> operations = new ArrayList<>();
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    private final Map<String, Usage> usage = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> webhooksSeen = new ConcurrentHashMap<>();

    /** One operation of the document. {@code pointer} is its JSON pointer, e.g. {@code /paths/~1v1~1events/post}. */
    record Operation(String id, String method, String template, String[] segments, JsonNode node, String pointer,
                     List<Param> parameters) {
        String label() {
            return method + " " + template + " (" + id + ")";
        }
    }

    /** A parameter (resolved) and where it is declared. */
    record Param(JsonNode node, String pointer) {
    }

    /** What the suite exercised of one operation. */
    static final class Usage {
        final Set<String> statuses = ConcurrentHashMap.newKeySet();
        volatile int valid;
        volatile int invalid;
    }

    /** One HTTP exchange as the client saw it. */
    public record Exchange(String method, URI uri, Map<String, String> requestHeaders, byte[] requestBody, int status,
                           Map<String, List<String>> responseHeaders, byte[] responseBody) {
    }

    public static OpenApiContract get() {
        OpenApiContract c = instance;
        if (c == null) {
            synchronized (OpenApiContract.class) {
                if (instance == null) {
                    instance = load();
                }
                c = instance;
            }
        }
        return c;
    }

    /** The loaded contract, or null when no exchange has needed it yet. */
    static OpenApiContract peek() {
        return instance;
    }

    private static OpenApiContract load() {
        try (InputStream in = OpenApiContract.class.getResourceAsStream("/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is not on the test classpath");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new OpenApiContract(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    OpenApiContract(String documentText) throws IOException {
        this.doc = JSON.readTree(documentText);
        // Draft 2020-12, the dialect OpenAPI 3.1 schemas are written in. The OAS vocabulary adds annotations only
        // (discriminator is a hint, oneOf decides); networknt's OpenAPI dialect applies discriminators to nested
        // anyOfs and refuses valid bodies, so it is not used.
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                b -> b.schemas(Map.of(IRI, documentText)));
        doc.path("paths").properties().forEach(path -> {
            List<Param> pathParams = new ArrayList<>();
            String pathPointer = "/paths/" + escape(path.getKey());
            JsonNode declaredOnPath = path.getValue().path("parameters");
            for (int i = 0; i < declaredOnPath.size(); i++) {
                pathParams.add(param(declaredOnPath.get(i), pathPointer + "/parameters/" + i));
            }
            path.getValue().properties().forEach(m -> {
                if (!METHODS.contains(m.getKey())) {
                    return;
                }
                List<Param> params = new ArrayList<>(pathParams);
                JsonNode declaredOnOp = m.getValue().path("parameters");
                for (int i = 0; i < declaredOnOp.size(); i++) {
                    params.add(param(declaredOnOp.get(i), pathPointer + "/" + m.getKey() + "/parameters/" + i));
                }
                Operation op = new Operation(m.getValue().path("operationId").asText(), m.getKey().toUpperCase(Locale.ROOT),
                        path.getKey(), path.getKey().split("/", -1), m.getValue(),
                        "/paths/" + escape(path.getKey()) + "/" + m.getKey(), params);
                operations.add(op);
                usage.put(op.id(), new Usage());
            });
        });
    }

    private Param param(JsonNode declared, String pointer) {
        return declared.has("$ref") ? new Param(resolve(declared), declared.get("$ref").asText().substring(1))
                : new Param(declared, pointer);
    }

    // ------------------------------------------------------------------ exchanges

    /** Checks one exchange; throws an AssertionError naming everything the document does not declare. */
    public void check(Exchange x) {
        List<String> problems = problems(x);
        if (!problems.isEmpty()) {
            throw new AssertionError("openapi.json contract: " + String.join("\n  ", problems));
        }
    }

    List<String> problems(Exchange x) {
        String path = x.uri().getRawPath();
        Operation op = find(x.method(), path);
        List<String> problems = new ArrayList<>();
        if (op == null) {
            // A known path with a method it does not serve (405 from Hookline, or 404 from the gateway's route
            // table) is an invalid request for the path's operations.
            if (x.status() == 405 || x.status() == 404) {
                operations.stream().filter(o -> matches(o, path)).forEach(o -> usage.get(o.id()).invalid++);
            }
            // No operation: a route that does not exist. Its answer must still be one of the document's problems.
            if (x.status() != 401 && x.status() != 404 && x.status() != 405) {
                problems.add(x.method() + " " + path + " is not an operation of openapi.json, and its answer "
                        + x.status() + " is not the 401/404/405 an unknown route gets");
            }
            // Either Hookline's problem, or API Gateway's own answer for a route it does not know.
            String schema = new String(x.responseBody(), StandardCharsets.UTF_8).startsWith("{\"message\"")
                    ? "/components/schemas/GatewayError" : "/components/schemas/Problem";
            validateBody(problems, x.method() + " " + path + " -> " + x.status(), schema, x.responseBody());
            return problems;
        }
        List<String> requestProblems = requestProblems(op, x);
        Usage u = usage.get(op.id());
        u.statuses.add(Integer.toString(x.status()));
        boolean success = x.status() >= 200 && x.status() < 300;
        if (requestProblems.isEmpty() && success) {
            u.valid++;
        } else if (!requestProblems.isEmpty() || x.status() == 400 || x.status() == 401 || x.status() == 413
                || x.status() == 415 || x.status() == 422) {
            u.invalid++;
        }
        if (!requestProblems.isEmpty() && success) {
            problems.add(op.label() + " answered " + x.status() + " to a request the document declares invalid: "
                    + String.join("; ", requestProblems));
        }
        responseProblems(problems, op, x);
        return problems;
    }

    private Operation find(String method, String path) {
        Operation best = null;
        int bestLiterals = -1;
        for (Operation op : operations) {
            if (op.method().equals(method) && matches(op, path)) {
                int literals = 0;
                for (String s : op.segments()) {
                    literals += s.startsWith("{") ? 0 : 1;
                }
                if (literals > bestLiterals) {
                    best = op;
                    bestLiterals = literals;
                }
            }
        }
        return best;
    }

    private static boolean matches(Operation op, String path) {
        String[] got = path.split("/", -1);
        if (got.length != op.segments().length) {
            return false;
        }
        for (int i = 0; i < got.length; i++) {
            String want = op.segments()[i];
            if (want.startsWith("{") && want.endsWith("}")) {
                if (got[i].isEmpty()) {
                    return false;
                }
            } else if (!want.equals(got[i])) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ requests (classified, not failed)

    private List<String> requestProblems(Operation op, Exchange x) {
        List<String> problems = new ArrayList<>();
        Map<String, String> query = query(x.uri().getRawQuery());
        Map<String, String> pathValues = pathValues(op, x.uri().getRawPath());
        for (Param param : op.parameters()) {
            JsonNode p = param.node();
            String in = p.path("in").asText();
            String name = p.path("name").asText();
            String value = switch (in) {
                case "path" -> pathValues.get(name);
                case "query" -> query.get(name);
                case "header" -> header(x.requestHeaders(), name);
                default -> null;
            };
            if (value == null) {
                if (p.path("required").asBoolean(false)) {
                    problems.add(in + " parameter '" + name + "' is required");
                }
                continue;
            }
            if (p.has("schema")) {
                String pointer = param.pointer() + "/schema";
                List<String> errors = validateText(pointer, parameterJson(p.get("schema"), value));
                if (!errors.isEmpty()) {
                    problems.add(in + " parameter '" + name + "'=" + abbreviate(value) + " does not match #" + pointer
                            + ": " + String.join("; ", errors));
                }
            }
        }
        // Undeclared query parameters are not invalid in OpenAPI (nothing forbids them), so they are not counted.
        JsonNode security = op.node().has("security") ? op.node().get("security") : doc.path("security");
        if (!security.isEmpty() && security.elements().hasNext() && security.get(0).size() > 0
                && header(x.requestHeaders(), "authorization") == null) {
            problems.add("no Authorization header, which its security requires");
        }
        JsonNode body = resolve(op.node().path("requestBody"));
        byte[] sent = x.requestBody() == null ? new byte[0] : x.requestBody();
        if (body.isMissingNode()) {
            if (sent.length > 0) {
                problems.add("a body was sent but the operation takes none");
            }
            return problems;
        }
        if (sent.length == 0) {
            if (body.path("required").asBoolean(false)) {
                problems.add("the request body is required");
            }
            return problems;
        }
        String contentType = header(x.requestHeaders(), "content-type");
        String media = mediaType(contentType);
        String declared = matchMedia(body.path("content"), media);
        if (declared == null) {
            problems.add("request Content-Type '" + contentType + "' is not one of " + names(body.path("content")));
            return problems;
        }
        if (isJson(declared) && body.path("content").path(declared).has("schema")) {
            String pointer = (op.node().path("requestBody").has("$ref")
                    ? op.node().path("requestBody").get("$ref").asText().substring(1) : op.pointer() + "/requestBody")
                    + "/content/" + escape(declared) + "/schema";
            String text = new String(sent, StandardCharsets.UTF_8);
            try {
                JSON.readTree(text);
            } catch (IOException e) {
                problems.add("the request body is not JSON");
                return problems;
            }
            List<String> errors = validateText(pointer, text);
            if (!errors.isEmpty()) {
                problems.add("the request body does not match #" + pointer + ": " + String.join("; ", errors));
            }
        }
        return problems;
    }

    // ------------------------------------------------------------------ responses (must be declared)

    private void responseProblems(List<String> problems, Operation op, Exchange x) {
        String code = Integer.toString(x.status());
        JsonNode responses = op.node().path("responses");
        String key = responses.has(code) ? code : responses.has(code.charAt(0) + "XX") ? code.charAt(0) + "XX"
                : responses.has("default") ? "default" : null;
        String where = op.label() + " -> " + code;
        if (key == null) {
            problems.add(where + ": the status is not declared (declared: " + names(responses) + ")"
                    + bodyHint(x.responseBody()));
            return;
        }
        String pointer = op.pointer() + "/responses/" + key;
        JsonNode response = responses.get(key);
        if (response.has("$ref")) {
            pointer = response.get("$ref").asText().substring(1);
            response = resolve(response);
        }
        JsonNode declaredHeaders = response.path("headers");
        Map<String, String> declaredLower = new LinkedHashMap<>();
        declaredHeaders.fieldNames().forEachRemaining(h -> declaredLower.put(h.toLowerCase(Locale.ROOT), h));
        for (Map.Entry<String, List<String>> h : x.responseHeaders().entrySet()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (TRANSPORT_HEADERS.contains(name)) {
                continue;
            }
            String declaredName = declaredLower.get(name);
            if (declaredName == null) {
                problems.add(where + ": header '" + name + "' is not declared by #" + pointer);
                continue;
            }
            JsonNode header = resolve(declaredHeaders.get(declaredName));
            if (header.has("schema")) {
                String schemaPointer = (declaredHeaders.get(declaredName).has("$ref")
                        ? declaredHeaders.get(declaredName).get("$ref").asText().substring(1)
                        : pointer + "/headers/" + escape(declaredName)) + "/schema";
                List<String> errors = validateText(schemaPointer, parameterJson(header.get("schema"), h.getValue().getFirst()));
                if (!errors.isEmpty()) {
                    problems.add(where + ": header '" + name + "'=" + abbreviate(h.getValue().getFirst())
                            + " does not match #" + schemaPointer + ": " + String.join("; ", errors));
                }
            }
        }
        declaredHeaders.properties().forEach(h -> {
            if (resolve(h.getValue()).path("required").asBoolean(false) && header(flatten(x.responseHeaders()), h.getKey()) == null) {
                problems.add(where + ": required header '" + h.getKey() + "' is missing");
            }
        });
        JsonNode content = response.path("content");
        byte[] body = x.responseBody() == null ? new byte[0] : x.responseBody();
        if (content.isMissingNode() || content.isEmpty()) {
            if (body.length > 0) {
                problems.add(where + ": a body was sent but #" + pointer + " declares none" + bodyHint(body));
            }
            return;
        }
        String contentType = header(flatten(x.responseHeaders()), "content-type");
        String declared = matchMedia(content, mediaType(contentType));
        if (declared == null) {
            problems.add(where + ": Content-Type '" + contentType + "' is not one of " + names(content) + bodyHint(body));
            return;
        }
        if (isJson(declared) && content.path(declared).has("schema")) {
            validateBody(problems, where, pointer + "/content/" + escape(declared) + "/schema", body);
        }
    }

    private void validateBody(List<String> problems, String where, String pointer, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            JSON.readTree(text);
        } catch (IOException e) {
            problems.add(where + ": the body is not JSON" + bodyHint(body));
            return;
        }
        List<String> errors = validateText(pointer, text);
        if (!errors.isEmpty()) {
            problems.add(where + ": the body does not match #" + pointer + ": " + String.join("; ", errors)
                    + bodyHint(body));
        }
    }

    // ------------------------------------------------------------------ webhooks

    /** Checks a request a receiver got from Hookline against the document's {@code webhooks}; empty when it matches. */
    public List<String> checkWebhook(Map<String, String> headers, byte[] body) {
        List<String> problems = new ArrayList<>();
        JsonNode payload;
        try {
            payload = JSON.readTree(body);
        } catch (IOException e) {
            return List.of("webhook: the body is not JSON" + bodyHint(body));
        }
        String type = payload == null ? "" : payload.path("type").asText("");
        String name = doc.path("webhooks").has(type) ? type : "event";
        JsonNode post = doc.path("webhooks").path(name).path("post");
        if (post.isMissingNode()) {
            return List.of("webhook: openapi.json declares no webhook '" + name + "'");
        }
        String where = "webhook " + name + " (" + post.path("operationId").asText() + ")";
        webhooksSeen.computeIfAbsent(name, k -> ConcurrentHashMap.newKeySet()).add(type);
        post.path("parameters").forEach(p -> {
            JsonNode param = resolve(p);
            if ("header".equals(param.path("in").asText()) && param.path("required").asBoolean(false)
                    && header(headers, param.path("name").asText()) == null) {
                problems.add(where + ": required header '" + param.path("name").asText() + "' is missing");
            }
        });
        JsonNode requestBody = resolve(post.path("requestBody"));
        String declared = matchMedia(requestBody.path("content"), mediaType(header(headers, "content-type")));
        if (declared == null) {
            problems.add(where + ": Content-Type '" + header(headers, "content-type") + "' is not one of "
                    + names(requestBody.path("content")));
            return problems;
        }
        String pointer;
        if (post.path("requestBody").has("$ref")) {
            pointer = post.path("requestBody").get("$ref").asText().substring(1) + "/content/" + escape(declared) + "/schema";
        } else {
            pointer = "/webhooks/" + escape(name) + "/post/requestBody/content/" + escape(declared) + "/schema";
        }
        List<String> errors = validateText(pointer, new String(body, StandardCharsets.UTF_8));
        if (!errors.isEmpty()) {
            problems.add(where + ": the payload does not match #" + pointer + ": " + String.join("; ", errors)
                    + bodyHint(body));
        }
        return problems;
    }

    // ------------------------------------------------------------------ coverage

    /** The coverage summary: one line, then one line per operation or webhook missing something. */
    public String coverage() {
        int ops = operations.size();
        int exercised = 0;
        int both = 0;
        int declared = 0;
        int seen = 0;
        List<String> gaps = new ArrayList<>();
        for (Operation op : operations) {
            Usage u = usage.get(op.id());
            Set<String> declaredStatuses = new TreeSet<>();
            op.node().path("responses").fieldNames().forEachRemaining(declaredStatuses::add);
            Set<String> hit = new TreeSet<>(declaredStatuses);
            hit.retainAll(u.statuses);
            declared += declaredStatuses.size();
            seen += hit.size();
            if (!u.statuses.isEmpty()) {
                exercised++;
            }
            if (u.valid > 0 && u.invalid > 0) {
                both++;
            }
            Set<String> missing = new TreeSet<>(declaredStatuses);
            missing.removeAll(u.statuses);
            gaps.add(String.format("  %-34s valid %3d, invalid %3d, responses %s of %s%s", op.id(), u.valid, u.invalid,
                    hit, declaredStatuses, missing.isEmpty() ? "" : " (not seen: " + missing + ")"));
        }
        int hooks = doc.path("webhooks").size();
        return String.format("OpenAPI contract coverage: %d/%d operations exercised, %d/%d with both a valid and an "
                        + "invalid request, %d/%d declared responses seen, %d/%d webhooks received %s%n%s",
                exercised, ops, both, ops, seen, declared, webhooksSeen.size(), hooks, new TreeSet<>(webhooksSeen.keySet()),
                String.join("\n", gaps));
    }

    /** Operations still missing a valid or an invalid request ("operationId: valid 0, invalid 2"). */
    public List<String> uncovered() {
        List<String> out = new ArrayList<>();
        for (Operation op : operations) {
            Usage u = usage.get(op.id());
            if (u.valid == 0 || u.invalid == 0) {
                out.add(op.id() + ": valid " + u.valid + ", invalid " + u.invalid);
            }
        }
        return out;
    }

    public boolean anyExchange() {
        return usage.values().stream().anyMatch(u -> !u.statuses.isEmpty()) || !webhooksSeen.isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    private List<String> validateText(String pointer, String json) {
        Schema schema = schemas.computeIfAbsent(pointer, p -> registry.getSchema(SchemaLocation.of(IRI + "#" + p)));
        List<Error> errors = schema.validate(json, InputFormat.JSON);
        List<String> out = new ArrayList<>();
        for (Error e : errors) {
            if (out.size() == MAX_ERRORS_SHOWN) {
                out.add("… " + (errors.size() - MAX_ERRORS_SHOWN) + " more");
                break;
            }
            String at = e.getInstanceLocation().toString();
            out.add((at.isEmpty() || at.equals("$") ? "" : at + ": ") + e.getMessage() + " [schema "
                    + e.getSchemaLocation() .toString().replace(IRI, "") + "]");
        }
        return out;
    }

    /** A parameter's string value as the JSON its schema types it as (numbers and booleans unquoted). */
    private static String parameterJson(JsonNode schema, String value) {
        String type = schema.path("type").asText("string");
        if ((type.equals("integer") || type.equals("number")) && value.matches("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?")) {
            return value;
        }
        if (type.equals("boolean") && (value.equals("true") || value.equals("false"))) {
            return value;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode resolve(JsonNode node) {
        while (node != null && node.has("$ref")) {
            node = doc.at(node.get("$ref").asText().substring(1));
        }
        return node == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : node;
    }

    private static Map<String, String> pathValues(Operation op, String path) {
        String[] got = path.split("/", -1);
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < got.length && i < op.segments().length; i++) {
            String want = op.segments()[i];
            if (want.startsWith("{") && want.endsWith("}")) {
                out.put(want.substring(1, want.length() - 1), URLDecoder.decode(got[i], StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String header(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static Map<String, String> flatten(Map<String, List<String>> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> out.put(k, v.isEmpty() ? "" : v.getFirst()));
        return out;
    }

    private static String mediaType(String contentType) {
        return contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
    }

    /** The declared media type that {@code media} falls under (wildcards such as "type/any" included); else null. */
    private static String matchMedia(JsonNode content, String media) {
        if (content.has(media)) {
            return media;
        }
        for (var it = content.fieldNames(); it.hasNext(); ) {
            String declared = it.next();
            if (declared.equals("*/*") || declared.endsWith("/*") && media.startsWith(declared.substring(0, declared.length() - 1))) {
                return declared;
            }
        }
        return null;
    }

    private static boolean isJson(String media) {
        return media.equals("application/json") || media.endsWith("+json");
    }

    private static String names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out.toString();
    }

    private static String bodyHint(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        return " - body: " + abbreviate(new String(body, StandardCharsets.UTF_8));
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
