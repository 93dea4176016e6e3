package dev.hookline.core.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.core.endpoint.EndpointStore;
import dev.hookline.core.id.IdPrefix;
import dev.hookline.core.id.Ids;
import dev.hookline.core.outbound.EventTypeFilter;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.Problem.FieldError;
import dev.hookline.core.problem.ProblemType;
import dev.hookline.core.schedule.DueWork;
import dev.hookline.core.schedule.DueWorkSweeper;
import dev.hookline.core.schedule.QueueSender;
import dev.hookline.core.schedule.WorkQueue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/events}: stores the message and hands it to the fan-out queue, so publishing costs the
 * same for a tenant with one endpoint or thousands. The answer counts the endpoints subscribed now.
 */
public final class EventPublisher {
    public record Published(String id, int deliveries) {
    }

    public static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MessageStore messages;
    private final EndpointStore endpoints;
    private final IdempotencyStore idempotency;
    private final QueueSender queues;
    private final Ids ids;
    private final Clock clock;
    private final Duration retention;
    private final DueWorkSweeper scheduler;

    public EventPublisher(MessageStore messages, EndpointStore endpoints, IdempotencyStore idempotency,
                          QueueSender queues, Ids ids, Clock clock, Duration retention, DueWorkSweeper scheduler) {
        this.scheduler = scheduler;
        this.messages = messages;
        this.endpoints = endpoints;
        this.idempotency = idempotency;
        this.queues = queues;
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
     * A tenant's event with its {@code metadata} (exact JSON text of an object, or null) and the category its type has
     * in the tenant's catalog (null: none), which fan-out matches {@code category:} subscriptions against.
     */
    public Published publish(String tenantId, String type, String dataJson, String metadataJson, String category,
                             String clientId, String idempotencyKey) {
        validate(type, dataJson, clientId, idempotencyKey);
        checkMetadata(metadataJson);
        if (idempotencyKey == null) {
            return publishOnce(tenantId, type, dataJson, metadataJson, category, clientId);
        }
        String scoped = "T#" + tenantId + "#IDEM#" + idempotencyKey;
        Instant now = clock.instant();
        IdempotencyStore.Claim claim = idempotency.claim(scoped, now, now.plus(IDEMPOTENCY_WINDOW));
        if (claim instanceof IdempotencyStore.Completed completed) {
            return read(completed.response());
        }
        if (claim instanceof IdempotencyStore.InProgress) {
            throw Problem.of(ProblemType.CONFLICT,
                    "A request with this Idempotency-Key is still being processed; retry shortly.").toException();
        }
        try {
            Published published = publishOnce(tenantId, type, dataJson, metadataJson, category, clientId);
            idempotency.complete(scoped, write(published), now.plus(IDEMPOTENCY_WINDOW));
            return published;
        } catch (RuntimeException e) {
            idempotency.release(scoped);
            throw e;
        }
    }

    /**
     * An event that goes out later (e.g. {@code secret.expiring} ahead of a grace period's end): stored now,
     * fanned out when due - by an SQS delay, or by the scheduler for waits beyond 15 minutes.
     */
    public String publishAt(String tenantId, String type, String dataJson, Instant at) {
        validate(type, dataJson, null, null);
        String id = ids.next(IdPrefix.MESSAGE);
        messages.create(new Message(id, tenantId, type, dataJson, at, at.plus(retention)));
        scheduler.enqueueAt(new DueWork("evt#" + id, at, WorkQueue.FANOUT, new FanoutTask(tenantId, id).toJson()));
        return id;
    }

    private Published publishOnce(String tenantId, String type, String dataJson, String metadataJson, String category,
                                  String clientId) {
        Instant now = clock.instant();
        String id = clientId != null ? clientId : ids.next(IdPrefix.MESSAGE);
        Message message = new Message(id, tenantId, type, dataJson, now, now.plus(retention), category, metadataJson);
        if (!messages.create(message)) {
            throw Problem.of(ProblemType.CONFLICT, "A message with id " + id + " exists already.").toException();
        }
        int subscribed = (int) endpoints.listAll(tenantId).stream().filter(e -> e.subscribesTo(type, category)).count();
        queues.send(WorkQueue.FANOUT, new FanoutTask(tenantId, id).toJson(), Duration.ZERO);
        return new Published(id, subscribed);
    }

    private static void validate(String type, String dataJson, String clientId, String idempotencyKey) {
        List<FieldError> errors = new java.util.ArrayList<>();
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
