package dev.hookline.core.inbound;

import com.fasterxml.jackson.core.JsonPointer;
import dev.hookline.core.inbound.source.DedupKeySource;
import dev.hookline.core.inbound.verify.InboundRequest;
import dev.hookline.core.inbound.verify.SchemeType;
import dev.hookline.core.inbound.verify.SenderEventId;
import dev.hookline.core.wire.WireJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The key an inbound event is deduplicated by, so a sender's retries (and replays of schemes that sign no timestamp)
 * are stored once. Order: the source's configured override, then the id the sender documents as stable across
 * retries, then the SHA-256 of the body as a last resort (identical bodies are then treated as the same event).
 *
 * <p>Keys are scoped per source by the caller. Sender-supplied ids that are very long or contain control characters
 * are replaced by their hash, so a key is always short and printable; the prefixes keep the hashed forms apart from
 * real ids.
 */
public final class DedupKeys {

    public static final String IDEMPOTENCY_KEY = SenderEventId.IDEMPOTENCY_KEY;
    static final int MAX_ID_LENGTH = 200;

    private DedupKeys() {
    }

    /** The key to deduplicate on; never empty. {@code configured} may be {@code null}. */
    public static String keyFor(DedupKeySource configured, SchemeType scheme, InboundRequest request) {
        Optional<String> key = configured == null ? Optional.empty() : fromConfigured(configured, request);
        return key.or(() -> defaultFor(scheme, request)).orElseGet(() -> bodyHash(request));
    }

    /** The id each sender documents as identical across its retries, if the request carries one. */
    public static Optional<String> defaultFor(SchemeType scheme, InboundRequest request) {
        SenderEventId id = scheme.eventId();
        Optional<String> raw = id.headers().stream().map(request::header).flatMap(Optional::stream).findFirst();
        if (raw.isEmpty() && id.jsonPointer() != null) {
            raw = jsonField(request, id.jsonPointer());
        }
        return raw.flatMap(DedupKeys::normalise);
    }

    public static String bodyHash(InboundRequest request) {
        return "body-sha256:" + sha256Hex(request.body());
    }

    private static Optional<String> fromConfigured(DedupKeySource source, InboundRequest request) {
        if (source.header() != null) {
            return request.header(source.header()).flatMap(DedupKeys::normalise);
        }
        return jsonField(request, source.jsonPointer()).flatMap(DedupKeys::normalise);
    }

    private static Optional<String> jsonField(InboundRequest request, String pointer) {
        JsonPointer compiled;
        try {
            compiled = JsonPointer.compile(pointer);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return JsonBodies.object(request.body()).flatMap(json -> JsonBodies.text(json.at(compiled)));
    }

    private static Optional<String> normalise(String id) {
        String s = id.strip();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        if (!WireJson.queueSafe(s.replaceAll("[\\x00-\\x1f]", ""))) {
            // Lone surrogates or U+FFFE/U+FFFF: UTF-8 would turn them into '?', so "\ud800" and "\udc00" would
            // share a key. Their escaped form is lossless.
            return Optional.of("id-sha256e:" + sha256Hex(WireJson.quote(s).getBytes(StandardCharsets.US_ASCII)));
        }
        if (s.length() > MAX_ID_LENGTH || s.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return Optional.of("id-sha256:" + sha256Hex(s.getBytes(StandardCharsets.UTF_8)));
        }
        return Optional.of(s);
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
