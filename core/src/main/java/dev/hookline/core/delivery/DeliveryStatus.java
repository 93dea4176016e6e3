package dev.hookline.core.delivery;

import java.util.Locale;

/**
 * pending: not attempted yet. retrying: an attempt failed and another is scheduled. succeeded: a 2xx came
 * back. failed: an attempt failed and none is scheduled (the endpoint is disabled; retry or re-enable it).
 * dead_lettered: every attempt the policy allows failed.
 */
public enum DeliveryStatus {
    PENDING, RETRYING, SUCCEEDED, FAILED, DEAD_LETTERED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeliveryStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    public boolean isFinal() {
        return this == SUCCEEDED || this == DEAD_LETTERED;
    }
}
