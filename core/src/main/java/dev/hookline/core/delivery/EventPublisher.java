package dev.hookline.core.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.core.endpoint.EndpointStore;
import dev.hookline.core.fault.FaultPoint;
import dev.hookline.core.fault.Faults;
import dev.hookline.core.id.IdPrefix;
import dev.hookline.core.id.Ids;
import dev.hookline.core.limits.ServiceLimits;
import dev.hookline.core.outbound.EventTypeFilter;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.Problem.FieldError;
import dev.hookline.core.problem.ProblemException;
import dev.hookline.core.problem.ProblemType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/events}: stores the message, and that one write is the whole of publishing - a transactional
 * outbox. The table's change stream drives fan-out (one delivery per subscribed endpoint), so a 202 can never be
 * followed by a lost hand-off, and publishing costs the same for a tenant with one endpoint or thousands. The
 * answer counts the endpoints subscribed now.
 */
public final class EventPublisher {
    public record Published(String id, int deliveries) {
    }

    /** An ingested record published as an event: its id is the record's, so publishing it twice is publishing it once. */
    public record RecordEvent(String id, String dataJson) {
    }

    public static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MessageStore messages;
    private final EndpointStore endpoints;
    private final IdempotencyStore idempotency;
    private final Ids ids;
    private final Clock clock;
    private final Duration retention;

    public EventPublisher(MessageStore messages, EndpointStore endpoints, IdempotencyStore idempotency, Ids ids,
                          Clock clock, Duration retention) {
        this.messages = messages;
        this.endpoints = endpoints;
        this.idempotency = idempotency;
        this.ids = ids;
        this.clock = clock;
        this.retention = retention;
    }

    /** Bytes of a {@code metadata} object: labels and routing hints, not a second payload. */
    public static final int MAX_METADATA_BYTES = 4096;

    public Published publish(String tenantId, String type, String dataJson, String clientId, String idempotencyKey) {
        return publish(tenantId, type, dataJson, null, null, clientId, idempotencyKey);
    }

    /**
     * Stores one of Hookline's own events (a platform or run event) under {@code id} (null: a new one): the one write
     * of publishing, without counting subscribers, as nobody is answered with the count. False if the id exists.
     */
    public boolean publishReport(String tenantId, String type, String dataJson, String id) {
        validate(type, dataJson, id, null);
        Instant now = clock.instant();
        String messageId = id != null ? id : ids.next(IdPrefix.MESSAGE);
        boolean created = messages.create(new Message(messageId, tenantId, type, dataJson, now, now.plus(retention),
                null, null));
        Faults.at(FaultPoint.PUBLISH_AFTER_EVENT_WRITE);
        return created;
    }

    /**
     * A tenant's event with its {@code metadata} (exact JSON text of an object, or null) and the category its type has
     * in the tenant's catalog (null: none), which fan-out matches {@code category:} subscriptions against.
     */
    public Published publish(String tenantId, String type, String dataJson, String metadataJson, String category,
                             String clientId, String idempotencyKey) {
        validate(type, dataJson, clientId, idempotencyKey);
        checkMetadata(metadataJson);
        if (metadataJson != null) {
            checkSize(dataJson + metadataJson); // one item holds both
        }
        if (idempotencyKey == null) {
            return store(tenantId, type, dataJson, metadataJson, category,
                    clientId != null ? clientId : ids.next(IdPrefix.MESSAGE), false);
        }
        String scoped = "T#" + tenantId + "#IDEM#" + idempotencyKey;
        Instant now = clock.instant();
        String fresh = clientId != null ? clientId : ids.next(IdPrefix.MESSAGE);
        IdempotencyStore.Claim claim = idempotency.claim(scoped, fresh, now, now.plus(IDEMPOTENCY_WINDOW));
        if (claim instanceof IdempotencyStore.Completed completed) {
            return read(completed.response());
        }
        if (claim instanceof IdempotencyStore.InProgress(Instant until)) {
            int seconds = (int) Math.max(1, Duration.between(now, until).toSeconds() + 1);
            throw new ProblemException(Problem.of(ProblemType.CONFLICT, "A request with this Idempotency-Key is still"
                    + " being processed; retry after " + seconds + " s."), seconds);
        }
        IdempotencyStore.Claimed claimed = (IdempotencyStore.Claimed) claim;
        Published published;
        try {
            published = store(tenantId, type, dataJson, metadataJson, category, claimed.messageId(), claimed.resumed());
        } catch (RuntimeException e) {
            idempotency.release(scoped);
            throw e;
        }
        idempotency.complete(scoped, write(published), now.plus(IDEMPOTENCY_WINDOW));
        return published;
    }

    /**
     * A platform event ready to store together with the state change it reports (one transaction), so the event
     * exists exactly when the change does; null when its data cannot be an event.
     */
    public Message prepare(String tenantId, String type, String dataJson) {
        validate(type, dataJson, null, null);
        Instant now = clock.instant();
        return new Message(ids.next(IdPrefix.MESSAGE), tenantId, type, dataJson, now, now.plus(retention));
    }

    /**
     * An event that goes out later (e.g. {@code secret.expiring} ahead of a grace period's end): stored now,
     * released to fan-out by the scheduler's first tick at or after {@code at}.
     */
    public String publishAt(String tenantId, String type, String dataJson, Instant at) {
        validate(type, dataJson, null, null);
        String id = ids.next(IdPrefix.MESSAGE);
        messages.createScheduled(new Message(id, tenantId, type, dataJson, at, at.plus(retention)));
        return id;
    }

    /** Refuses (413) record events that could never be stored, before anything of their call is queued. */
    public void checkRecordEvents(List<RecordEvent> events) {
        for (RecordEvent e : events) {
            checkSize(e.dataJson());
        }
    }

    /** {@code stream.publish_as_event}: each record as an event, under the record's own id. */
    public void publishRecords(String tenantId, String type, List<RecordEvent> events, Instant receivedAt) {
        List<Message> batch = new ArrayList<>(events.size());
        for (RecordEvent e : events) {
            batch.add(new Message(e.id(), tenantId, type, e.dataJson(), receivedAt, receivedAt.plus(retention)));
        }
        messages.createAll(batch);
    }

    private Published store(String tenantId, String type, String dataJson, String metadataJson, String category,
                            String id, boolean resumed) {
        Instant now = clock.instant();
        Message message = new Message(id, tenantId, type, dataJson, now, now.plus(retention), category, metadataJson);
        if (!messages.create(message) && !resumed) {
            throw Problem.of(ProblemType.CONFLICT, "A message with id " + id + " exists already.").toException();
        }
        Faults.at(FaultPoint.PUBLISH_AFTER_EVENT_WRITE);
        int subscribed = (int) endpoints.listAll(tenantId).stream().filter(e -> e.subscribesTo(type, category)).count();
        return new Published(id, subscribed);
    }

    private static void validate(String type, String dataJson, String clientId, String idempotencyKey) {
        List<FieldError> errors = new ArrayList<>();
        if (type == null || !EventTypeFilter.isValidEventType(type)) {
            errors.add(new FieldError("type", "must be a dotted event type such as 'invoice.paid'"));
        }
        if (dataJson == null) {
            errors.add(new FieldError("data", "is required"));
        }
        if (clientId != null && !CLIENT_ID.matcher(clientId).matches()) {
            errors.add(new FieldError("id", "must be 1-64 characters of letters, digits, '_', '.', ':', '-'"));
        }
        if (idempotencyKey != null && (idempotencyKey.isEmpty() || idempotencyKey.length() > 255)) {
            errors.add(new FieldError("Idempotency-Key", "must be 1-255 characters"));
        }
        if (!errors.isEmpty()) {
            throw Problem.invalid("The event is not valid.", errors).toException();
        }
        checkSize(dataJson);
    }

    /** An event is one DynamoDB item, so its data must leave room for the item's own attributes. */
    private static void checkSize(String dataJson) {
        int bytes = ServiceLimits.utf8Length(dataJson);
        if (bytes > ServiceLimits.itemPayloadBytes()) {
            throw Problem.of(ProblemType.PAYLOAD_TOO_LARGE, "The event's data is " + bytes + " bytes; an event is"
                    + " stored as one DynamoDB item (at most " + ServiceLimits.DYNAMODB_ITEM_BYTES + " bytes), so its data"
                    + " may have at most " + ServiceLimits.itemPayloadBytes() + ".").toException();
        }
    }

    private static void checkMetadata(String metadataJson) {
        if (metadataJson == null) {
            return;
        }
        String problem = null;
        if (metadataJson.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_METADATA_BYTES) {
            problem = "must be at most " + MAX_METADATA_BYTES + " bytes of JSON";
        } else {
            try {
                if (!JSON.readTree(metadataJson).isObject()) {
                    problem = "must be a JSON object";
                }
            } catch (JsonProcessingException e) {
                problem = "must be a JSON object";
            }
        }
        if (problem != null) {
            throw Problem.invalid("The event's metadata is not valid.", List.of(new FieldError("metadata", problem)))
                    .toException();
        }
    }

    private static String write(Published p) {
        return JSON.createObjectNode().put("id", p.id()).put("deliveries", p.deliveries()).toString();
    }

    private static Published read(String json) {
        try {
            var node = JSON.readTree(json);
            return new Published(node.get("id").asText(), node.get("deliveries").asInt());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored idempotent response is not readable", e);
        }
    }
}
