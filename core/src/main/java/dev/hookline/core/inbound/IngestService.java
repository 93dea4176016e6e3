package dev.hookline.core.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.crypto.Tokens;
import dev.hookline.core.delivery.EventPublisher;
import dev.hookline.core.delivery.PlatformEventSink;
import dev.hookline.core.fault.FaultPoint;
import dev.hookline.core.fault.Faults;
import dev.hookline.core.limits.ServiceLimits;
import dev.hookline.core.id.IdPrefix;
import dev.hookline.core.id.Ids;
import dev.hookline.core.inbound.parse.FilePart;
import dev.hookline.core.inbound.parse.NormalizedRecord;
import dev.hookline.core.inbound.parse.Normalizer;
import dev.hookline.core.inbound.parse.ParsedRecord;
import dev.hookline.core.inbound.stream.Attachment;
import dev.hookline.core.inbound.stream.AttachmentStore;
import dev.hookline.core.inbound.stream.RecordHeaders;
import dev.hookline.core.inbound.stream.StreamGroups;
import dev.hookline.core.inbound.stream.StreamRecord;
import dev.hookline.core.inbound.stream.StreamSchema;
import dev.hookline.core.inbound.trigger.Violation;
import dev.hookline.core.inbound.run.Run;
import dev.hookline.core.inbound.run.RunEvents;
import dev.hookline.core.inbound.run.RunStore;
import dev.hookline.core.inbound.trigger.RunStatus;
import dev.hookline.core.inbound.source.IpAllowlist;
import dev.hookline.core.inbound.source.Source;
import dev.hookline.core.inbound.source.SourceCounters;
import dev.hookline.core.inbound.source.SourceJson;
import dev.hookline.core.inbound.source.SourceMode;
import dev.hookline.core.inbound.source.SourceSpecs;
import dev.hookline.core.inbound.source.SourceStore;
import dev.hookline.core.inbound.source.VerificationSettings;
import dev.hookline.core.inbound.verify.InboundRequest;
import dev.hookline.core.inbound.verify.SchemeConfig;
import dev.hookline.core.inbound.verify.SchemeFactory;
import dev.hookline.core.inbound.verify.Verification;
import dev.hookline.core.inbound.verify.VerificationFailure;
import dev.hookline.core.inbound.verify.VerificationScheme;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.ProblemException;
import dev.hookline.core.problem.ProblemType;
import dev.hookline.core.schedule.OrderedSender;
import dev.hookline.core.schedule.QueueSender;
import dev.hookline.core.schedule.WorkQueue;
import dev.hookline.core.wire.WireJson;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code POST /in/{token}}: find the source by its token, refuse what it does not accept (size, IP,
 * client certificate, signature), answer handshakes, claim the dedup key, then queue a run or the stream's
 * records - and answer 2xx only after SQS acknowledged all of them. The claim is a lease until then: a copy of
 * the call arriving meanwhile gets 409 with Retry-After, never "duplicate". If SQS fails the claim is released
 * and the caller gets 503 with Retry-After, so its retry is accepted rather than taken for a duplicate; if the
 * function dies, the lease runs out and the retry is accepted the same way.
 */
public final class IngestService {
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    /**
     * How long a call holds its dedup claim before a retry may take over: longer than the ingest function may run
     * (its template Timeout; TemplateTest checks), so a live call never loses its claim to its own retry.
     */
    public static final Duration CLAIM_LEASE = Duration.ofSeconds(15);
    /** Failed verifications in an hour that make a source report itself (once that hour). */
    public static final long VERIFICATION_FAILING_THRESHOLD = 10;

    private final SourceStore sources;
    private final VerificationSettings verification;
    private final SchemeFactory schemes;
    private final Function<String, String> secretValue;
    private final SourceSpecs specs;
    private final DedupStore dedup;
    private final RunStore runs;
    private final QueueSender queues;
    private final OrderedSender streams;
    private final EventPublisher events;
    private final SourceCounters counters;
    private final Ids ids;
    private final Clock clock;
    private final Duration retention;
    private final AttachmentStore attachments;

    public IngestService(SourceStore sources, VerificationSettings verification, SchemeFactory schemes,
                         Function<String, String> secretValue, SourceSpecs specs, DedupStore dedup, RunStore runs,
                         QueueSender queues, OrderedSender streams, EventPublisher events, SourceCounters counters,
                         Ids ids, Clock clock, Duration retention, AttachmentStore attachments) {
        this.sources = sources;
        this.verification = verification;
        this.schemes = schemes;
        this.secretValue = secretValue;
        this.specs = specs;
        this.dedup = dedup;
        this.runs = runs;
        this.queues = queues;
        this.streams = streams;
        this.events = events;
        this.counters = counters;
        this.ids = ids;
        this.clock = clock;
        this.retention = retention;
        this.attachments = attachments;
    }

    /** The source a call reached, for logging; empty for an unknown token. */
    public record Result(Optional<Source> source, IngestOutcome outcome) {
    }

    public Result ingest(IngestCall call) {
        Instant now = clock.instant();
        Source source = sources.byTokenHash(Tokens.sha256Hex(call.token()), now)
                .orElseThrow(() -> Problem.of(ProblemType.NOT_FOUND, "No source answers at this ingest URL.").toException());
        try {
            return new Result(Optional.of(source), accept(source, call, now));
        } catch (ProblemException e) {
            throw new SourceProblem(source, e);
        }
    }

    /** A refusal that knows its source (the handler logs the source id, never the body). */
    public static final class SourceProblem extends RuntimeException {
        private final transient Source source;
        private final ProblemException problem;

        SourceProblem(Source source, ProblemException problem) {
            super(problem.getMessage(), null, false, false);
            this.source = source;
            this.problem = problem;
        }

        public Source source() {
            return source;
        }

        public ProblemException problem() {
            return problem;
        }
    }

    private IngestOutcome accept(Source source, IngestCall call, Instant now) {
        if (call.body().length > source.maxBodyBytes()) {
            throw Problem.of(ProblemType.PAYLOAD_TOO_LARGE, "This source accepts bodies up to " + source.maxBodyBytes()
                    + " bytes; this one has " + call.body().length + ".").toException();
        }
        if (!IpAllowlist.of(source.ipAllowlist()).allows(call.sourceIp())) {
            throw Problem.of(ProblemType.FORBIDDEN, "Calls from this address are not allowed for this source.").toException();
        }
        if (source.requireClientCert() && (call.clientCertSubject() == null
                || !Tokens.constantTimeEquals(source.clientCertSubject(), call.clientCertSubject()))) {
            throw Problem.of(ProblemType.FORBIDDEN, "This source requires a trusted client certificate.").toException();
        }
        InboundRequest request = InboundRequest.of(call.method(), call.url(), call.headers(), call.body(), call.sourceIp());
        // Every mechanism the source requires must pass (HMAC and a bearer token, say); the first failure decides.
        List<SchemeConfig> configs = verification.openAll(source, secretValue);
        VerificationScheme scheme = null;
        for (SchemeConfig config : configs) {
            VerificationScheme mechanism = schemes.create(config);
            scheme = scheme == null ? mechanism : scheme;
            Verification verified = mechanism.verify(request, now);
            if (!verified.verified()) {
                refuse(source, config, request, verified, now);
            }
        }
        for (SchemeConfig config : configs) {
            Optional<String> handshake = Handshakes.answer(config, request);
            if (handshake.isPresent()) {
                return new IngestOutcome.Handshake(handshake.get());
            }
        }
        String key = "S#" + source.id() + "#D#" + DedupKeys.keyFor(specs.dedupSource(source), scheme.type(), request);
        String freshId = ids.next(source.mode() == SourceMode.TRIGGER ? IdPrefix.RUN : IdPrefix.RECORD);
        DedupStore.Claim claim = dedup.claim(key, freshId, now, now.plus(CLAIM_LEASE), now.plus(specs.dedupWindow(source)));
        String id;
        boolean resumed;
        switch (claim) {
            case DedupStore.Done done -> {
                return new IngestOutcome.Duplicate(done.recordId());
            }
            case DedupStore.InFlight inFlight -> throw inFlight(inFlight, now);
            case DedupStore.Claimed claimed -> {
                id = claimed.recordId();
                resumed = claimed.resumed();
            }
        }
        Faults.at(FaultPoint.INGEST_AFTER_CLAIM);
        // An Error (a crash) passes through both catches on purpose: a dead function releases nothing, and its lease
        // runs out instead, after which the sender's retry resumes with the same id.
        IngestOutcome outcome;
        try {
            outcome = source.mode() == SourceMode.TRIGGER
                    ? trigger(source, call, id, resumed, now)
                    : stream(source, call, id, key, now);
        } catch (ProblemException refused) {
            dedup.release(key, id);
            throw refused;
        } catch (RuntimeException queueFailed) {
            dedup.release(key, id);
            throw unavailable("The call could not be queued; it was not accepted. Retry shortly.");
        }
        dedup.commit(key, id, now.plus(specs.dedupWindow(source)));
        return outcome;
    }

    private void refuse(Source source, SchemeConfig config, InboundRequest request, Verification verified,
                        Instant now) {
        long thisHour = counters.verificationFailed(source, verified.code(), now);
        try {
            counters.keepFailure(source, VerificationFailure.of(config, request, verified, now), thisHour);
        } catch (RuntimeException notKept) {
            // Diagnostics only: the caller's answer is the 401 either way.
        }
        if (thisHour == VERIFICATION_FAILING_THRESHOLD) {
            // Exactly once per source and hour: the count passes the threshold only once.
            new PlatformEventSink(events).publish(source.tenantId(), "source.verification_failing",
                    SourceJson.MAPPER.createObjectNode().put("source_id", source.id()).put("name", source.name())
                            .put("failures_this_hour", thisHour).put("last_reason", verified.code()).toString()); // ids and codes only: ASCII
        }
        if ("key_unavailable".equals(verified.code())) {
            throw unavailable("The keys to verify this call could not be fetched.");
        }
        throw Problem.of(ProblemType.UNAUTHORIZED, "The call's signature did not verify (" + verified.code() + ").").toException();
    }

    /** 409 while the first copy of a call is still being queued: retry once its lease has run out. */
    private ProblemException inFlight(DedupStore.InFlight inFlight, Instant now) {
        long millis = Math.max(0, Duration.between(now, inFlight.leaseUntil()).toMillis());
        int seconds = (int) Math.max(1, (millis + 999) / 1000);
        return new ProblemException(Problem.of(ProblemType.CONFLICT, "An identical call (same dedup key) is still being"
                + " queued; it has not been accepted yet. Retry after " + seconds + " s: it is then a duplicate if the"
                + " first one succeeded, or accepted if it did not."), seconds);
    }

    private IngestOutcome trigger(Source source, IngestCall call, String runId, boolean resumed, Instant now) {
        List<ParsedRecord> records = specs.parseRecords(source, call.body(), call.headers().get("content-type"));
        if (records.stream().anyMatch(r -> !r.files().isEmpty())) {
            throw Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, "A trigger takes multipart text fields only; file"
                    + " parts (and fields that are not short UTF-8 text) are accepted by stream sources.").toException();
        }
        JsonNode payload = records.size() == 1 ? records.getFirst().value()
                : SourceJson.MAPPER.valueToTree(records.stream().map(ParsedRecord::value).toList());
        SourceSpecs.Mapped mapped = specs.mapTrigger(source, payload);
        if (!mapped.violations().isEmpty() && mapped.strict()) {
            throw Problem.invalid("The call's parameters are not valid for this trigger.", mapped.violations().stream()
                    .map(v -> new Problem.FieldError(v.field(), v.message())).toList()).toException();
        }
        int parameterBytes = ServiceLimits.utf8Length(mapped.parameters().toString());
        if (parameterBytes > ServiceLimits.itemPayloadBytes()) {
            throw Problem.invalid("The run's parameters are " + parameterBytes + " bytes; a run is stored as one"
                    + " DynamoDB item (at most " + ServiceLimits.DYNAMODB_ITEM_BYTES + " bytes), so its parameters may"
                    + " have at most " + ServiceLimits.itemPayloadBytes() + ". Map fewer or smaller fields.",
                    List.of(new Problem.FieldError("parameters", "larger than a run can store"))).toException();
        }
        String status = mapped.violations().isEmpty() ? "queued" : "failed_validation";
        Run run = new Run(runId, source.tenantId(), source.id(), mapped.pipeline(), mapped.version(), mapped.parameters(),
                status, mapped.violations(), null, now, now, now.plus(retention));
        if (!runs.create(run) && resumed) {
            // An earlier attempt of this call created the run and then failed or died: queue that run now.
            runs.transition(source.tenantId(), runId, "failed", "queued", null, now);
        }
        if (!mapped.violations().isEmpty()) {
            new RunEvents(events).publishQuietly(run, RunStatus.FAILED_VALIDATION);
            return new IngestOutcome.FailedValidation(runId);
        }
        ObjectNode message = SourceJson.MAPPER.createObjectNode()
                .put("run_id", runId).put("tenant_id", source.tenantId()).put("source_id", source.id())
                .put("pipeline", mapped.pipeline()).put("version", mapped.version()).put("received_at", now.toString());
        message.set("parameters", mapped.parameters());
        try {
            queues.send(WorkQueue.RUNS, WireJson.write(message), Duration.ZERO);
        } catch (RuntimeException e) {
            runs.transition(source.tenantId(), runId, "queued", "failed", "the runs queue was unavailable", clock.instant());
            throw e;
        }
        // Only once the runs queue has it: a run.queued event is never about a run that was not queued.
        new RunEvents(events).publishQuietly(run, RunStatus.QUEUED);
        return new IngestOutcome.Accepted(runId, "queued", 1, 0);
    }

    private IngestOutcome stream(Source source, IngestCall call, String deliveryId, String dedupKey, Instant now) {
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
        List<NormalizedRecord> normalized = Normalizer.normalizeRecords(records, deliveryId, now);
        StreamRecord.Call shared = new StreamRecord.Call(source.tenantId(), source.id(),
                RecordHeaders.select(specs.recordHeaders(source), call.headers()), null, null);
        String prefix = "tenants/" + source.tenantId() + "/sources/" + source.id() + "/" + deliveryId + "/";
        int inline = specs.inlineLimit(source);
        if (specs.includeRawBody(source)) {
            String base64 = WireJson.base64(call.body());
            shared = records.size() == 1 && base64.length() <= inline
                    ? new StreamRecord.Call(shared.tenantId(), shared.sourceId(), shared.headers(), base64, null)
                    : new StreamRecord.Call(shared.tenantId(), shared.sourceId(), shared.headers(), null,
                            store(prefix + "raw", call.body(), contentType(call), null, null));
        }
        List<StreamMessages.Record> kept = new ArrayList<>();
        List<EventPublisher.RecordEvent> asEvents = new ArrayList<>();
        Optional<String> eventType = specs.publishAs(source);
        int shed = 0;
        int quarantined = 0;
        for (int i = 0; i < normalized.size(); i++) {
            if (!specs.keep(source, decision)) {
                shed++;
                continue;
            }
            ParsedRecord record = records.get(i);
            String key = specs.orderingKey(source, record.value());
            List<Attachment> files = new ArrayList<>();
            for (int j = 0; j < record.files().size(); j++) {
                FilePart part = record.files().get(j);
                files.add(store(prefix + i + "/part-" + j, part.bytes(), part.contentType(), part.field(), part.filename()));
            }
            List<Violation> violations = quarantine.get(i);
            quarantined += violations.isEmpty() ? 0 : 1;
            String json = StreamRecord.message(shared, normalized.get(i), key, null, files, violations);
            if (ServiceLimits.utf8Length(json) > inline) {
                NormalizedRecord n = normalized.get(i);
                byte[] exact = n.exactBytes() != null ? n.exactBytes()
                        : WireJson.write(n.payload()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                Attachment payload = store(prefix + i + "/payload", exact,
                        n.payloadBytes() != null ? contentType(call) : "application/json", null, null);
                json = StreamRecord.message(shared, n, key, payload, files, violations);
            }
            kept.add(new StreamMessages.Record(StreamGroups.of(source.tenantId(), source.id(), key), json));
            if (eventType.isPresent()) {
                // The sender's own text is the event's data, so the receiver gets the record byte for byte.
                asEvents.add(new EventPublisher.RecordEvent(deliveryId + ":" + i,
                        record.text() != null ? record.text() : WireJson.write(record.value())));
            }
        }
        // Packed (and sized) before anything is sent: a record that can never fit is refused whole, nothing queued.
        List<OrderedSender.OrderedMessage> messages;
        try {
            messages = StreamMessages.pack(dedupKey, kept);
            eventType.ifPresent(type -> events.checkRecordEvents(asEvents));
            if (!messages.isEmpty()) {
                streams.send(messages);
            }
        } catch (RuntimeException notQueued) {
            takeBack(source, counted[0], now);
            throw notQueued;
        }
        if (shed > 0) {
            counters.shed(source, shed, now);
        }
        if (quarantined > 0) {
            counters.quarantined(source, quarantined, now);
        }
        eventType.ifPresent(type -> events.publishRecords(source.tenantId(), type, asEvents, now));
        return new IngestOutcome.Accepted(deliveryId, "queued", kept.size(), shed);
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

    private static ProblemException unavailable(String detail) {
        return new ProblemException(Problem.of(ProblemType.UNAVAILABLE, detail), (int) RETRY_AFTER.toSeconds());
    }
}
