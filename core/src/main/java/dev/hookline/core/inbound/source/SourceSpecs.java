package dev.hookline.core.inbound.source;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.inbound.Handshakes;
import dev.hookline.core.inbound.backpressure.Backpressure;
import dev.hookline.core.inbound.backpressure.BackpressurePolicy;
import dev.hookline.core.inbound.parse.BodyFormat;
import dev.hookline.core.inbound.parse.Normalizer;
import dev.hookline.core.inbound.parse.ParsedRecord;
import dev.hookline.core.inbound.parse.RecordParser;
import dev.hookline.core.inbound.stream.RecordHeaders;
import dev.hookline.core.inbound.stream.StreamGroups;
import dev.hookline.core.inbound.stream.StreamSchema;
import dev.hookline.core.inbound.trigger.ParameterMapper;
import dev.hookline.core.inbound.trigger.TriggerSpec;
import dev.hookline.core.inbound.trigger.Violation;
import dev.hookline.core.outbound.EventTypeFilter;
import dev.hookline.core.problem.Problem.FieldError;
import dev.hookline.core.wire.JsonShape;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * A source's stored JSON settings (dedup, trigger, stream) read into the inbound domain's types: validated
 * when the source is saved, applied when a call arrives.
 */
public final class SourceSpecs {
    public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofHours(72);
    static final Duration MAX_DEDUP_WINDOW = Duration.ofDays(30);

    public record Mapped(ObjectNode parameters, List<Violation> violations, boolean strict, String pipeline,
                         String version) {
    }

    public record Decision(boolean reject, String reason, Duration retryAfter, double keepRate) {
    }

    private final RandomGenerator random;

    public SourceSpecs(RandomGenerator random) {
        this.random = random;
    }

    // ---- dedup: {"header": "X-Event-Id"} or {"json_pointer": "/id"}, optional "window_s"

    public List<FieldError> validateDedup(JsonNode dedup) {
        List<FieldError> errors = new ArrayList<>();
        if (dedup == null) {
            return errors;
        }
        if (!dedup.isObject()) {
            errors.add(new FieldError("dedup", "must be an object"));
            return errors;
        }
        JsonShape.onlyFields(errors, dedup, "dedup", Set.of("header", "json_pointer", "window_s"));
        boolean header = JsonShape.has(errors, dedup, "dedup", "header", JsonShape.Kind.STRING);
        boolean pointer = JsonShape.has(errors, dedup, "dedup", "json_pointer", JsonShape.Kind.STRING);
        if (header || pointer) {
            // Built with both so that "exactly one" is checked, not silently resolved in favour of the header.
            new DedupKeySource(dedup.path("header").asText(null), dedup.path("json_pointer").asText(null)).validate()
                    .forEach(e -> errors.add(new FieldError("dedup" + e.field().replaceFirst("^dedup_key", ""), e.message())));
        }
        if (JsonShape.has(errors, dedup, "dedup", "window_s", JsonShape.Kind.INTEGER)) {
            long w = dedup.get("window_s").longValue();
            if (w < 60 || w > MAX_DEDUP_WINDOW.toSeconds()) {
                errors.add(new FieldError("dedup.window_s", "must be between 60 and " + MAX_DEDUP_WINDOW.toSeconds()));
            }
        }
        return errors;
    }

    public DedupKeySource dedupSource(Source source) {
        return source.dedup() == null ? null : keySource(source.dedup());
    }

    public Duration dedupWindow(Source source) {
        return source.dedup() != null && source.dedup().has("window_s")
                ? Duration.ofSeconds(source.dedup().get("window_s").asLong()) : DEFAULT_DEDUP_WINDOW;
    }

    private static DedupKeySource keySource(JsonNode dedup) {
        if (dedup.hasNonNull("header")) {
            return DedupKeySource.header(dedup.get("header").asText());
        }
        if (dedup.hasNonNull("json_pointer")) {
            return DedupKeySource.jsonPointer(dedup.get("json_pointer").asText());
        }
        return null;
    }

    // ---- trigger

    public List<FieldError> validateTrigger(JsonNode trigger) {
        List<FieldError> errors = new ArrayList<>();
        TriggerSpec.check(trigger).forEach(e -> errors.add(new FieldError(
                e.field().startsWith("trigger") ? e.field() : "trigger." + e.field(), e.message())));
        return errors;
    }

    public Mapped mapTrigger(Source source, JsonNode payload) {
        TriggerSpec spec = triggerSpec(source.trigger());
        ParameterMapper.MappedParameters mapped = ParameterMapper.map(spec, payload);
        return new Mapped(mapped.parameters(), mapped.violations(), spec.strict(), spec.pipeline(), spec.version());
    }

    static TriggerSpec triggerSpec(JsonNode t) {
        return TriggerSpec.fromJson(t);
    }

    // ---- stream: {"format","expand_arrays","ordering_key","backpressure","publish_as_event","headers",
    //              "include_raw_body","inline_limit_bytes","schema","schema_mode"}

    /** A record (or raw body) larger than this travels by reference to object storage; see {@link #inlineLimit}. */
    public static final int DEFAULT_INLINE_LIMIT = 256 * 1024;
    static final int MIN_INLINE_LIMIT = 1024;

    /** {@link #validateStream(JsonNode, Set)} with no source-specific credential headers. */
    public List<FieldError> validateStream(JsonNode stream) {
        return validateStream(stream, Set.of());
    }

    /** @param credentialHeaders header names the source's verification reads its credentials from */
    public List<FieldError> validateStream(JsonNode stream, Set<String> credentialHeaders) {
        List<FieldError> errors = new ArrayList<>();
        if (!stream.isObject()) {
            errors.add(new FieldError("stream", "must be an object"));
            return errors;
        }
        JsonShape.onlyFields(errors, stream, "stream",
                Set.of("format", "expand_arrays", "ordering_key", "backpressure", "publish_as_event", "headers",
                        "include_raw_body", "inline_limit_bytes", "schema", "schema_mode"));
        JsonShape.has(errors, stream, "stream", "expand_arrays", JsonShape.Kind.BOOLEAN);
        JsonShape.has(errors, stream, "stream", "include_raw_body", JsonShape.Kind.BOOLEAN);
        if (JsonShape.has(errors, stream, "stream", "format", JsonShape.Kind.STRING)
                && BodyFormat.fromWire(stream.get("format").asText()).isEmpty()) {
            errors.add(new FieldError("stream.format", "must be one of auto, json, ndjson, form, multipart"));
        }
        if (stream.has("headers")) {
            errors.addAll(RecordHeaders.validate(stream.get("headers"), credentialHeaders));
        }
        if (JsonShape.has(errors, stream, "stream", "inline_limit_bytes", JsonShape.Kind.INTEGER)) {
            long limit = stream.get("inline_limit_bytes").asLong();
            if (limit < MIN_INLINE_LIMIT || limit > DEFAULT_INLINE_LIMIT) {
                errors.add(new FieldError("stream.inline_limit_bytes",
                        "must be between " + MIN_INLINE_LIMIT + " and " + DEFAULT_INLINE_LIMIT));
            }
        }
        errors.addAll(StreamSchema.validate(stream));
        if (JsonShape.has(errors, stream, "stream", "ordering_key", JsonShape.Kind.STRING)) {
            try {
                JsonPointer.compile(stream.get("ordering_key").asText());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("stream.ordering_key", "must be a JSON pointer such as /account_id"));
            }
        }
        if (stream.has("backpressure")) {
            BackpressurePolicy.check(stream.get("backpressure"))
                    .forEach(e -> errors.add(new FieldError("stream.backpressure." + e.field(), e.message())));
        }
        if (JsonShape.has(errors, stream, "stream", "publish_as_event", JsonShape.Kind.STRING)
                && !EventTypeFilter.isValidEventType(stream.get("publish_as_event").asText())) {
            errors.add(new FieldError("stream.publish_as_event", "must be a dotted event type such as 'orders.received'"));
        }
        return errors;
    }

    /** The body's records, each with the sender's exact text (or a form's bytes) for the consumer. */
    public List<ParsedRecord> parseRecords(Source source, byte[] body, String contentType) {
        JsonNode stream = source.stream();
        BodyFormat format = stream != null && stream.has("format")
                ? BodyFormat.fromWire(stream.get("format").asText()).orElse(BodyFormat.AUTO) : BodyFormat.AUTO;
        boolean expand = source.mode() == SourceMode.STREAM && (stream == null || stream.path("expand_arrays").asBoolean(true));
        return RecordParser.records(body, contentType, format, expand);
    }

    /** The queue messages of the records (see {@link dev.hookline.core.inbound.parse.NormalizedRecord#toMessage()}). */
    public List<String> normalize(List<ParsedRecord> records, String deliveryId, Instant receivedAt) {
        return Normalizer.normalizeRecords(records, deliveryId, receivedAt).stream()
                .map(dev.hookline.core.inbound.parse.NormalizedRecord::toMessage).toList();
    }

    /**
     * The record's ordering-key value; null when none is configured or the record has none (it is then ordered
     * with the source's other keyless records). The FIFO group is {@link StreamGroups#of} of it, never the value
     * itself, so any text works ("café", a space, 500 characters) and no two tenants share a group.
     */
    public String orderingKey(Source source, JsonNode record) {
        JsonNode stream = source.stream();
        if (stream != null && stream.hasNonNull("ordering_key")) {
            JsonNode value = record.at(stream.get("ordering_key").asText());
            if (!value.isMissingNode() && !value.isNull() && value.isValueNode() && !value.asText().isEmpty()) {
                return value.asText();
            }
        }
        return null;
    }

    /** Request headers the source's records carry (its list, or its scheme's preset). */
    public List<String> recordHeaders(Source source) {
        return RecordHeaders.allowList(source.stream(), VerificationSettings.schemes(source.verificationScheme()));
    }

    public boolean includeRawBody(Source source) {
        return source.stream() != null && source.stream().path("include_raw_body").asBoolean(false);
    }

    /** Bytes a record may take in the queue before its payload goes to object storage instead. */
    public int inlineLimit(Source source) {
        return source.stream() != null && source.stream().has("inline_limit_bytes")
                ? source.stream().get("inline_limit_bytes").asInt() : DEFAULT_INLINE_LIMIT;
    }

    public Decision backpressure(Source source, LongSupplier queueDepth, LongSupplier perSecond) {
        JsonNode stream = source.stream();
        if (stream == null || !stream.has("backpressure")) {
            return new Decision(false, null, Duration.ZERO, 1.0);
        }
        BackpressurePolicy policy = BackpressurePolicy.parse(stream.get("backpressure"));
        return switch (policy) {
            case BackpressurePolicy.Queue q -> new Decision(false, null, Duration.ZERO, 1.0);
            case BackpressurePolicy.Shed s -> new Decision(false, null, Duration.ZERO, s.keepRate());
            case BackpressurePolicy.Reject r -> {
                long depth = r.maxQueueDepth() > 0 ? queueDepth.getAsLong() : 0;
                long rate = r.maxPerSecond() > 0 ? perSecond.getAsLong() : 0;
                Backpressure.Decision d = Backpressure.decide(policy, depth, rate, random.nextDouble());
                yield new Decision(d.kind() == Backpressure.Kind.REJECT, d.reason(), r.retryAfter(), 1.0);
            }
        };
    }

    /** Shedding samples each record independently at the keep rate; the caller counts what it drops. */
    public boolean keep(Source source, Decision decision) {
        return decision.keepRate() >= 1.0 || random.nextDouble() < decision.keepRate();
    }

    public Optional<String> publishAs(Source source) {
        JsonNode stream = source.stream();
        return stream != null && stream.hasNonNull("publish_as_event")
                ? Optional.of(stream.get("publish_as_event").asText()) : Optional.empty();
    }
}
