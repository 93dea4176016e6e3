package dev.hookline.core.inbound.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.hookline.core.wire.WireJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bridge to networknt's JSON Schema validator. It speaks Jackson 3 while Hookline uses Jackson 2, so schemas and
 * instances cross as JSON text; both are small (a parameters object, a source's schema). The event catalog uses it too
 * (a tenant's event type may carry a schema), with the same bounds.
 */
public final class TriggerSchemas {

    /** Compiled schemas are reused across calls; a warm container serves few sources, so a small LRU suffices. */
    private static final int CACHE_SIZE = 256;
    /** A broken schema can fail the meta-schema in many places; the first few are enough to fix it. */
    private static final int MAX_SCHEMA_ERRORS = 10;

    // No remote fetching: a $ref to a URL would make ingest depend on (and leak to) an arbitrary host.
    // JSON Pointer paths, so violations point into the parameters the same way the mapping pointers do.
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12, b -> b
                    .schemaLoader(loader -> loader.fetchRemoteResources(false))
                    .schemaRegistryConfig(SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER)
                            .regularExpressionFactory(LinearRegex.INSTANCE).build()));

    private static final Map<String, Schema> COMPILED = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Schema> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    private TriggerSchemas() {
    }

    /** What is wrong with {@code schema} as a JSON Schema, as messages; empty when it can be used. */
    public static List<String> problems(JsonNode schema) {
        if (!schema.isObject() && !schema.isBoolean()) {
            return List.of("must be a JSON Schema object (or true/false)");
        }
        Optional<SpecificationVersion> version = dialect(schema);
        if (version.isEmpty()) {
            return List.of("$schema must be one of the JSON Schema drafts 4, 6, 7, 2019-09 or 2020-12");
        }
        List<String> bounds = SchemaBounds.problems(schema);
        if (!bounds.isEmpty()) {
            return bounds;
        }
        // The meta-schema catches what compiling tolerates, e.g. "type": "strin" compiles and then matches nothing.
        Schema meta = REGISTRY.getSchema(SchemaLocation.of(version.get().getDialectId()));
        List<String> problems = new ArrayList<>();
        for (Error e : meta.validate(WireJson.write(schema), InputFormat.JSON)) {
            if (problems.size() == MAX_SCHEMA_ERRORS) {
                break;
            }
            String at = e.getInstanceLocation().toString();
            problems.add(at.isEmpty() ? e.getMessage() : "at " + at + ": " + e.getMessage());
        }
        if (problems.isEmpty()) {
            try {
                compile(schema);
            } catch (SchemaException e) {
                problems.add(describe(e));
            } catch (RuntimeException | StackOverflowError e) {
                // Whatever else the validator cannot build is refused here rather than failing every call later.
                problems.add(describe(e));
            }
        }
        return problems;
    }

    /**
     * The instance's violations of the schema. A schema the validator cannot build or run (one saved before today's
     * bounds, say) is itself a violation at the root: the call is recorded as failed validation, never a 500.
     */
    public static List<Violation> violations(JsonNode schema, JsonNode instance) {
        List<Error> errors;
        try {
            errors = compile(schema).validate(WireJson.write(instance), InputFormat.JSON);
        } catch (RuntimeException | StackOverflowError e) {
            return List.of(new Violation("", "the trigger's schema could not be evaluated: " + describe(e)));
        }
        List<Violation> violations = new ArrayList<>();
        for (Error e : errors) {
            String at = e.getInstanceLocation().toString();
            // "required" and "additionalProperties" report on the object; naming the property points at the culprit.
            if (e.getProperty() != null) {
                at = at + "/" + JsonPointers.escape(e.getProperty());
            }
            violations.add(new Violation(at, e.getMessage()));
        }
        return violations;
    }

    private static Optional<SpecificationVersion> dialect(JsonNode schema) {
        JsonNode declared = schema.get("$schema");
        if (declared == null) {
            return Optional.of(SpecificationVersion.DRAFT_2020_12);
        }
        return declared.isTextual() ? SpecificationVersion.fromDialectId(declared.textValue()) : Optional.empty();
    }

    private static Schema compile(JsonNode schema) {
        String text = WireJson.write(schema);
        synchronized (COMPILED) {
            Schema cached = COMPILED.get(text);
            if (cached != null) {
                return cached;
            }
        }
        Schema compiled = REGISTRY.getSchema(text, InputFormat.JSON);
        // Validators are built lazily; building them now surfaces bad patterns and unresolvable $refs here.
        compiled.initializeValidators();
        synchronized (COMPILED) {
            COMPILED.put(text, compiled);
        }
        return compiled;
    }

    private static String describe(Throwable e) {
        if (e instanceof StackOverflowError) {
            return "it recurses without end";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException && t.getMessage() != null && t.getMessage().startsWith("pattern ")) {
                return t.getMessage();
            }
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("FileNotFoundException") || message.contains("Failed to load")) {
            return "refers to a schema that is not part of it; only references within the schema are allowed";
        }
        // Wrapped causes read "java.util.regex.PatternSyntaxException: Unclosed …"; the class name helps nobody.
        return message.replaceFirst("^[\\w.$]+(Exception|Error): ", "").lines().findFirst().orElse(message);
    }
}
