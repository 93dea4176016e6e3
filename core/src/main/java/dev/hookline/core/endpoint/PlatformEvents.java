package dev.hookline.core.endpoint;

import java.util.List;

/**
 * Hookline's own operational events. An endpoint receives them only if it names them (e.g. "endpoint.*",
 * "delivery.dead_lettered"): a catch-all endpoint subscribed with "*" or no filter gets the tenant's events,
 * not Hookline's reports about its own delivery - least of all about a receiver that is failing.
 */
public final class PlatformEvents {
    private static final List<String> OPERATIONAL = List.of("endpoint.", "delivery.", "secret.", "api_key.", "source.");

    private PlatformEvents() {
    }

    public static boolean isOperational(String eventType) {
        return OPERATIONAL.stream().anyMatch(eventType::startsWith);
    }
}
