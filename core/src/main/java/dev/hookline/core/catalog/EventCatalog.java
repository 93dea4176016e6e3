package dev.hookline.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.access.Caller;
import dev.hookline.core.delivery.EventPublisher;
import dev.hookline.core.endpoint.PlatformEvents;
import dev.hookline.core.inbound.trigger.TriggerSchemas;
import dev.hookline.core.inbound.trigger.Violation;
import dev.hookline.core.outbound.EventTypeFilter;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.Problem.FieldError;
import dev.hookline.core.problem.ProblemException;
import dev.hookline.core.problem.ProblemType;
import dev.hookline.core.wire.PlainText;
import dev.hookline.core.wire.WireJson;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tenant's event catalog: its own event types (name, category, description, schema, example, deprecated) and how
 * strictly publishing follows them. Every lookup is by (tenant, name): one tenant never sees another's types.
 *
 * <p>Publishing a tenant event looks its type up here first ({@link #publish}). The lookup is cached per execution
 * environment for {@link #CACHE_TTL} (hits and misses alike), so a warm publisher costs no extra AWS call; a write
 * through this catalog drops the cached entries it changes at once. Another environment's cache may answer from
 * before a change for at most {@link #CACHE_TTL}.
 */
public final class EventCatalog {
    public static final int MAX_TYPES = 500;
    public static final int MAX_DESCRIPTION = 1000;
    public static final int MAX_EXAMPLE_BYTES = 16 * 1024;
    /** A schema's failures reported at once; the first few are enough to fix the publisher. */
    static final int MAX_VIOLATIONS = 20;
    public static final Duration CACHE_TTL = Duration.ofSeconds(15);
    static final int CACHE_SIZE = 4096;

    private record Cached(EventTypeStore.Lookup lookup, Instant loadedAt) {
    }

    private final EventTypeStore store;
    private final EventPublisher publisher;
    private final Clock clock;
    private final Map<String, Cached> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    public EventCatalog(EventTypeStore store, EventPublisher publisher, Clock clock) {
        this.store = store;
        this.publisher = publisher;
        this.clock = clock;
    }

    // ---- publishing -------------------------------------------------------------------------------------------

    /**
     * {@code POST /v1/events}: the type is checked against the tenant's catalog (registered? data valid?), then the
     * event is published with its type's category.
     */
    public EventPublisher.Published publish(String tenantId, String type, String dataJson, String metadataJson,
                                            String clientId, String idempotencyKey) {
        String category = admit(tenantId, type, dataJson);
        return publisher.publish(tenantId, type, dataJson, metadataJson, category, clientId, idempotencyKey);
    }

    /**
     * {@code POST /v1/events/batch}: each event checked against the catalog on its own (a refused one gets its own
     * result, the others go on), then the admitted ones published together with their categories.
     */
    public List<EventPublisher.BatchResult> publishBatch(String tenantId, List<EventPublisher.BatchEvent> events) {
        if (events.isEmpty() || events.size() > EventPublisher.MAX_BATCH_EVENTS) {
            return publisher.publishBatch(tenantId, events); // refuses the whole call, in the publisher's words
        }
        EventPublisher.BatchResult[] results = new EventPublisher.BatchResult[events.size()];
        List<EventPublisher.BatchEvent> admitted = new ArrayList<>();
        List<Integer> admittedAt = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            EventPublisher.BatchEvent e = events.get(i);
            try {
                admitted.add(e.withCategory(admit(tenantId, e.type(), e.dataJson())));
                admittedAt.add(i);
            } catch (ProblemException problem) {
                results[i] = EventPublisher.BatchResult.of(problem);
            }
        }
        if (!admitted.isEmpty()) {
            List<EventPublisher.BatchResult> published = publisher.publishBatch(tenantId, admitted);
            for (int j = 0; j < published.size(); j++) {
                results[admittedAt.get(j)] = published.get(j);
            }
        }
        return List.of(results);
    }

    /** The category the event is published with; 422 when the tenant's settings refuse it. */
    public String admit(String tenantId, String type, String dataJson) {
        if (type == null || !EventTypeFilter.isValidEventType(type) || dataJson == null) {
            return null; // the publisher refuses it with every field error at once
        }
        EventTypeStore.Lookup lookup = lookup(tenantId, type);
        Optional<EventType> registered = lookup.type();
        if (registered.isEmpty()) {
            if (lookup.settings().refuseUnregistered()) {
                throw Problem.invalid("The type '" + type + "' is not in your event catalog, and your catalog"
                        + " settings refuse unregistered types.", List.of(new FieldError("type",
                        "is not registered; add it with POST /v1/event-types, or allow unregistered types with"
                                + " PATCH /v1/event-catalog/settings"))).toException();
            }
            return null;
        }
        EventType known = registered.get();
        if (lookup.settings().validateData() && known.schemaJson() != null) {
            JsonNode data;
            try {
                data = WireJson.read(dataJson);
            } catch (IllegalArgumentException e) {
                return known.category(); // not JSON: the route never lets that through; nothing to check here
            }
            List<FieldError> errors = violations("/data", known.schemaJson(), data);
            if (!errors.isEmpty()) {
                throw Problem.invalid("The event's data does not match the schema of '" + type + "' in your event"
                        + " catalog.", errors).toException();
            }
        }
        return known.category();
    }

    private EventTypeStore.Lookup lookup(String tenantId, String type) {
        String key = tenantId + "\n" + type;
        Instant now = clock.instant();
        synchronized (cache) {
            Cached hit = cache.get(key);
            if (hit != null && now.isBefore(hit.loadedAt().plus(CACHE_TTL)) && !now.isBefore(hit.loadedAt())) {
                return hit.lookup();
            }
        }
        EventTypeStore.Lookup loaded = store.lookup(tenantId, type);
        synchronized (cache) {
            cache.put(key, new Cached(loaded, now));
        }
        return loaded;
    }

    private void forget(String tenantId, String name) {
        synchronized (cache) {
            cache.remove(tenantId + "\n" + name);
        }
    }

    private void forgetTenant(String tenantId) {
        synchronized (cache) {
            cache.keySet().removeIf(k -> k.startsWith(tenantId + "\n"));
        }
    }

    // ---- the catalog ------------------------------------------------------------------------------------------

    public EventType create(Caller caller, EventTypeSpec spec) {
        List<FieldError> errors = new ArrayList<>();
        if (spec.name() == null) {
            errors.add(new FieldError("name", "is required"));
        } else {
            checkName(spec.name(), errors);
        }
        checkFields(spec, errors);
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        String tenantId = caller.tenantId();
        if (store.count(tenantId) >= MAX_TYPES) {
            throw invalid(List.of(new FieldError("name", "your catalog already holds the most types it may ("
                    + MAX_TYPES + "); delete one first")));
        }
        Instant now = clock.instant();
        EventType type = new EventType(tenantId, spec.name(), blankToNull(spec.category()), blankToNull(spec.description()),
                schemaText(spec.schema()), spec.example() == null ? null : WireJson.write(spec.example()),
                Boolean.TRUE.equals(spec.deprecated()), now, now, 1);
        if (!store.create(type)) {
            throw Problem.of(ProblemType.CONFLICT, "Your catalog already has an event type '" + spec.name() + "'.")
                    .toException();
        }
        forget(tenantId, type.name());
        return type;
    }

    public EventType get(Caller caller, String name) {
        return store.get(caller.tenantId(), name).orElseThrow(() -> notFound(name));
    }

    public List<EventType> page(Caller caller, String afterName, int limit) {
        return store.page(caller.tenantId(), afterName, limit);
    }

    public EventType update(Caller caller, String name, EventTypeSpec patch) {
        refusePlatform(name);
        List<FieldError> errors = new ArrayList<>();
        if (patch.name() != null && !patch.name().equals(name)) {
            errors.add(new FieldError("name", "cannot be changed; register the new name and deprecate this one"));
        }
        checkFields(patch, errors);
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        for (int tries = 0; tries < 3; tries++) {
            EventType current = get(caller, name);
            String schema = patch.schema() == null ? current.schemaJson() : schemaText(patch.schema());
            String example = patch.example() == null ? current.exampleJson() : WireJson.write(patch.example());
            if (patch.schema() != null || patch.example() != null) {
                // The example must still match, whichever of the two changed.
                List<FieldError> exampleErrors = example == null || schema == null ? List.of()
                        : violations("/example", schema, WireJson.read(example));
                if (!exampleErrors.isEmpty()) {
                    throw invalid(exampleErrors);
                }
            }
            EventType changed = new EventType(current.tenantId(), current.name(),
                    patch.category() == null ? current.category() : blankToNull(patch.category()),
                    patch.description() == null ? current.description() : blankToNull(patch.description()),
                    schema, example, patch.deprecated() == null ? current.deprecated() : patch.deprecated(),
                    current.createdAt(), clock.instant(), current.version());
            if (store.update(changed)) {
                forget(caller.tenantId(), name);
                return get(caller, name);
            }
        }
        throw Problem.of(ProblemType.CONFLICT, "The event type changed while it was being updated; try again.")
                .toException();
    }

    public void delete(Caller caller, String name) {
        refusePlatform(name);
        if (!store.delete(caller.tenantId(), name)) {
            throw notFound(name);
        }
        forget(caller.tenantId(), name);
    }

    public CatalogSettings settings(Caller caller) {
        return store.settings(caller.tenantId());
    }

    /** {@code unregisteredTypes}: "allow" or "refuse"; null fields stay as they are. */
    public CatalogSettings updateSettings(Caller caller, String unregisteredTypes, Boolean validateData) {
        if (unregisteredTypes != null && !unregisteredTypes.equals("allow") && !unregisteredTypes.equals("refuse")) {
            throw invalid(List.of(new FieldError("unregistered_types", "must be 'allow' or 'refuse'")));
        }
        CatalogSettings current = store.settings(caller.tenantId());
        CatalogSettings changed = new CatalogSettings(
                unregisteredTypes == null ? current.refuseUnregistered() : unregisteredTypes.equals("refuse"),
                validateData == null ? current.validateData() : validateData);
        store.saveSettings(caller.tenantId(), changed);
        forgetTenant(caller.tenantId());
        return changed;
    }

    // ---- rules ------------------------------------------------------------------------------------------------

    private static void checkName(String name, List<FieldError> errors) {
        if (!EventTypeFilter.isValidEventType(name)) {
            errors.add(new FieldError("name", "must be a dotted event type such as 'invoice.paid': segments of"
                    + " lowercase letters, digits, '_' or '-', at most " + EventTypeFilter.MAX_LENGTH + " characters"));
        } else if (PlatformEvents.isReserved(name)) {
            errors.add(new FieldError("name", "is one of Hookline's own types (see GET /v1/event-types)"));
        }
    }

    private static void checkFields(EventTypeSpec spec, List<FieldError> errors) {
        if (spec.category() != null && !spec.category().isEmpty() && !EventTypeFilter.isValidCategory(spec.category())) {
            errors.add(new FieldError("category", "must be 1-64 lowercase letters, digits, '_' or '-', starting with a"
                    + " letter or digit (or \"\" for none)"));
        }
        if (spec.description() != null) {
            if (spec.description().length() > MAX_DESCRIPTION) {
                errors.add(new FieldError("description", "must be at most " + MAX_DESCRIPTION + " characters"));
            }
            PlainText.check(errors, "description", spec.description(), true);
        }
        boolean schemaUsable = true;
        if (spec.schema() != null) {
            List<String> problems = TriggerSchemas.problems(spec.schema());
            problems.forEach(p -> errors.add(new FieldError("schema", p)));
            schemaUsable = problems.isEmpty();
        }
        if (spec.example() != null) {
            int bytes = WireJson.write(spec.example()).getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_EXAMPLE_BYTES) {
                errors.add(new FieldError("example", "must be at most " + MAX_EXAMPLE_BYTES + " bytes of JSON"));
            } else if (spec.schema() != null && schemaUsable) {
                errors.addAll(violations("/example", WireJson.write(spec.schema()), spec.example()));
            }
        }
    }

    /** Field errors named by JSON pointer into the request body ({@code /data/amount}), at most a few. */
    private static List<FieldError> violations(String at, String schemaJson, JsonNode value) {
        List<Violation> violations = TriggerSchemas.violations(WireJson.read(schemaJson), value);
        List<FieldError> errors = new ArrayList<>();
        for (Violation v : violations) {
            if (errors.size() == MAX_VIOLATIONS) {
                break;
            }
            errors.add(new FieldError(at + v.field(), v.message()));
        }
        return errors;
    }

    private static String schemaText(JsonNode schema) {
        if (schema == null || (schema.isBoolean() && schema.booleanValue())) {
            return null; // true accepts everything: the same as no schema
        }
        return WireJson.write(schema);
    }

    private static void refusePlatform(String name) {
        if (PlatformEvents.isReserved(name)) {
            throw Problem.of(ProblemType.FORBIDDEN, "'" + name + "' is one of Hookline's own event types; only your"
                    + " own types can be changed.").toException();
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static ProblemException invalid(List<FieldError> errors) {
        return Problem.invalid("The event type is not valid.", errors).toException();
    }

    private static ProblemException notFound(String name) {
        return Problem.of(ProblemType.NOT_FOUND, "Your catalog has no event type '" + name + "'.").toException();
    }
}
