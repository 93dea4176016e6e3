package dev.hookline.core.inbound.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A verification scheme's stable name (configuration, API, metrics, logs) and the id its sender keeps across retries.
 * The generic schemes are constants here; each vendor's type comes with its {@link VendorPreset}.
 */
public record SchemeType(String id, SenderEventId eventId) {

    public static final SchemeType STANDARD_WEBHOOKS = new SchemeType("standard-webhooks",
            SenderEventId.header("webhook-id", "svix-id"));
    public static final SchemeType HMAC = new SchemeType("hmac", SenderEventId.header(SenderEventId.IDEMPOTENCY_KEY));
    public static final SchemeType BEARER = new SchemeType("bearer",
            SenderEventId.header(SenderEventId.IDEMPOTENCY_KEY));
    public static final SchemeType JWT = new SchemeType("jwt", SenderEventId.header(SenderEventId.IDEMPOTENCY_KEY));
    public static final SchemeType NONE = new SchemeType("none", SenderEventId.header(SenderEventId.IDEMPOTENCY_KEY));

    private static final List<SchemeType> GENERIC = List.of(STANDARD_WEBHOOKS, HMAC, BEARER, JWT, NONE);

    public SchemeType {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(eventId, "eventId");
    }

    /** Every scheme a source can choose: the generic ones and every vendor preset. */
    public static List<SchemeType> all() {
        List<SchemeType> out = new ArrayList<>(GENERIC.subList(0, 1));
        VendorPresets.all().forEach(p -> out.add(p.type()));
        out.addAll(GENERIC.subList(1, GENERIC.size()));
        return out;
    }

    public static List<String> ids() {
        return all().stream().map(SchemeType::id).toList();
    }

    public static Optional<SchemeType> fromId(String id) {
        return all().stream().filter(t -> t.id.equals(id)).findFirst();
    }

    @Override
    public String toString() {
        return id;
    }
}
