package dev.hookline.core.inbound;

import dev.hookline.core.delivery.EventPublisher;
import dev.hookline.core.inbound.parse.FilePart;
import dev.hookline.core.inbound.parse.NormalizedRecord;
import dev.hookline.core.inbound.parse.Normalizer;
import dev.hookline.core.inbound.parse.ParsedRecord;
import dev.hookline.core.inbound.source.Source;
import dev.hookline.core.inbound.source.SourceCounters;
import dev.hookline.core.inbound.source.SourceSpecs;
import dev.hookline.core.inbound.stream.Attachment;
import dev.hookline.core.inbound.stream.AttachmentStore;
import dev.hookline.core.inbound.stream.RecordHeaders;
import dev.hookline.core.inbound.stream.StreamGroups;
import dev.hookline.core.inbound.stream.StreamRecord;
import dev.hookline.core.inbound.stream.StreamSchema;
import dev.hookline.core.inbound.trigger.Violation;
import dev.hookline.core.limits.ServiceLimits;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.ProblemException;
import dev.hookline.core.problem.ProblemType;
import dev.hookline.core.schedule.OrderedSender;
import dev.hookline.core.wire.WireJson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A stream source's call becomes its records on the ordered streams queue: checked against the pinned schema,
 * admitted or shed under the source's backpressure, large parts stored as attachments, packed (and sized) before
 * anything is sent, and published as events when the source says so.
 */
public final class StreamIntake {
    private final SourceSpecs specs;
    private final OrderedSender streams;
    private final SourceCounters counters;
    private final EventPublisher events;
    private final AttachmentStore attachments;

    /** {@code attachments} may be null: records that need one are then refused rather than queued without bytes. */
    public StreamIntake(SourceSpecs specs, OrderedSender streams, SourceCounters counters, EventPublisher events,
                        AttachmentStore attachments) {
        this.specs = specs;
        this.streams = streams;
        this.counters = counters;
        this.events = events;
        this.attachments = attachments;
    }

    IngestOutcome accept(Source source, IngestCall call, String deliveryId, String dedupKey, Instant now) {
        List<ParsedRecord> records = specs.parseRecords(source, call.body(), call.headers().get("content-type"));
        List<List<Violation>> quarantine = schemaCheck(source, records);
        // The source's own backlog (not the shared queue's): counted as these records go in, taken back if refused.
        long[] counted = {0};
        SourceSpecs.Decision decision = specs.backpressure(source, () -> {
            counted[0] = records.size();
            return counters.backlog(source, records.size(), SourceCounters.BACKLOG_WINDOW, now) - records.size();
        }, () -> counters.perSecond(source, now));
        if (decision.reject()) {
            takeBack(source, counted[0], now);
            throw new ProblemException(Problem.of(ProblemType.TOO_MANY_REQUESTS, decision.reason()),
                    (int) decision.retryAfter().toSeconds());
        }
        Batch batch = new Batch(source, call, deliveryId, records, Normalizer.normalizeRecords(records, deliveryId, now));
        List<StreamMessages.Record> kept = new ArrayList<>();
        List<EventPublisher.RecordEvent> asEvents = new ArrayList<>();
        Optional<String> eventType = specs.publishAs(source);
        int shed = 0;
        int quarantined = 0;
        for (int i = 0; i < batch.normalized.size(); i++) {
            if (!specs.keep(source, decision)) {
                shed++;
                continue;
            }
            List<Violation> violations = quarantine.get(i);
            quarantined += violations.isEmpty() ? 0 : 1;
            kept.add(batch.message(i, violations));
            if (eventType.isPresent()) {
                asEvents.add(batch.event(i));
            }
        }
        queue(source, dedupKey, kept, eventType.isPresent() ? asEvents : null, counted[0], now);
        if (shed > 0) {
            counters.shed(source, shed, now);
        }
        if (quarantined > 0) {
            counters.quarantined(source, quarantined, now);
        }
        eventType.ifPresent(type -> events.publishRecords(source.tenantId(), type, asEvents, now));
        return new IngestOutcome.Accepted(deliveryId, "queued", kept.size(), shed);
    }

    /** Packed (and sized) before anything is sent: a record that can never fit is refused whole, nothing queued. */
    private void queue(Source source, String dedupKey, List<StreamMessages.Record> kept,
                       List<EventPublisher.RecordEvent> asEvents, long counted, Instant now) {
        try {
            List<OrderedSender.OrderedMessage> messages = StreamMessages.pack(dedupKey, kept);
            if (asEvents != null) {
                events.checkRecordEvents(asEvents);
            }
            if (!messages.isEmpty()) {
                streams.send(messages);
            }
        } catch (RuntimeException notQueued) {
            takeBack(source, counted, now);
            throw notQueued;
        }
    }

    /** One call's records on their way to the queue, with what they share (headers, the raw body) and where parts go. */
    private final class Batch {
        private final Source source;
        private final IngestCall call;
        private final String deliveryId;
        private final List<ParsedRecord> records;
        private final List<NormalizedRecord> normalized;
        private final String prefix;
        private final int inline;
        private final StreamRecord.Call shared;

        Batch(Source source, IngestCall call, String deliveryId, List<ParsedRecord> records,
              List<NormalizedRecord> normalized) {
            this.source = source;
            this.call = call;
            this.deliveryId = deliveryId;
            this.records = records;
            this.normalized = normalized;
            this.prefix = "tenants/" + source.tenantId() + "/sources/" + source.id() + "/" + deliveryId + "/";
            this.inline = specs.inlineLimit(source);
            this.shared = shared();
        }

        private StreamRecord.Call shared() {
            StreamRecord.Call headersOnly = new StreamRecord.Call(source.tenantId(), source.id(),
                    RecordHeaders.select(specs.recordHeaders(source), call.headers()), null, null);
            if (!specs.includeRawBody(source)) {
                return headersOnly;
            }
            String base64 = WireJson.base64(call.body());
            return records.size() == 1 && base64.length() <= inline
                    ? new StreamRecord.Call(source.tenantId(), source.id(), headersOnly.headers(), base64, null)
                    : new StreamRecord.Call(source.tenantId(), source.id(), headersOnly.headers(), null,
                            store(prefix + "raw", call.body(), contentType(call), null, null));
        }

        /** Record {@code i} as its queue message: its parts stored, and its payload too when it is too large inline. */
        StreamMessages.Record message(int i, List<Violation> violations) {
            ParsedRecord record = records.get(i);
            String key = specs.orderingKey(source, record.value());
            List<Attachment> files = new ArrayList<>();
            for (int j = 0; j < record.files().size(); j++) {
                FilePart part = record.files().get(j);
                files.add(store(prefix + i + "/part-" + j, part.bytes(), part.contentType(), part.field(), part.filename()));
            }
            String json = StreamRecord.message(shared, normalized.get(i), key, null, files, violations);
            if (ServiceLimits.utf8Length(json) > inline) {
                NormalizedRecord n = normalized.get(i);
                byte[] exact = n.exactBytes() != null ? n.exactBytes()
                        : WireJson.write(n.payload()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                Attachment payload = store(prefix + i + "/payload", exact,
                        n.payloadBytes() != null ? contentType(call) : "application/json", null, null);
                json = StreamRecord.message(shared, n, key, payload, files, violations);
            }
            return new StreamMessages.Record(StreamGroups.of(source.tenantId(), source.id(), key), json);
        }

        /** The sender's own text is the event's data, so the receiver gets the record byte for byte. */
        EventPublisher.RecordEvent event(int i) {
            ParsedRecord record = records.get(i);
            return new EventPublisher.RecordEvent(deliveryId + ":" + i,
                    record.text() != null ? record.text() : WireJson.write(record.value()));
        }
    }

    /**
     * Each record's violations of the source's pinned schema: a strict source refuses the call (422 naming each
     * failing record and path), a quarantining one keeps them to flag.
     */
    private List<List<Violation>> schemaCheck(Source source, List<ParsedRecord> records) {
        List<List<Violation>> out = new ArrayList<>(records.size());
        if (!StreamSchema.pinned(source.stream())) {
            records.forEach(r -> out.add(List.of()));
            return out;
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            List<Violation> violations = StreamSchema.violations(source.stream(), records.get(i).value());
            out.add(violations);
            for (Violation v : violations) {
                if (errors.size() < StreamSchema.MAX_VIOLATIONS) {
                    errors.add(new Problem.FieldError("records[" + i + "]" + v.field(), v.message()));
                }
            }
        }
        if (!errors.isEmpty() && StreamSchema.mode(source.stream()) == StreamSchema.Mode.STRICT) {
            throw Problem.invalid("A record does not match the source's schema (" + errors.getFirst().field() + ").",
                    errors).toException();
        }
        return out;
    }

    private Attachment store(String key, byte[] bytes, String contentType, String field, String filename) {
        if (attachments == null) {
            throw new IllegalStateException("No attachment store is configured (ATTACHMENTS_BUCKET)");
        }
        attachments.put(key, bytes, contentType);
        return Attachment.of(attachments.bucket(), key, bytes, contentType, field, filename);
    }

    private void takeBack(Source source, long records, Instant now) {
        if (records > 0) {
            try {
                counters.backlog(source, -records, SourceCounters.BACKLOG_WINDOW, now);
            } catch (RuntimeException ignored) {
                // The estimate then runs high until the window passes: it errs toward refusing, never toward losing.
            }
        }
    }

    private static String contentType(IngestCall call) {
        String type = call.headers().get("content-type");
        return type == null || type.isBlank() ? "application/octet-stream" : type;
    }
}
