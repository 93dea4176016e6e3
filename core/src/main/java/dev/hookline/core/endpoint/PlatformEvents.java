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

    /**
     * The run events Hookline publishes: queued or refused by a trigger at ingest, then as the pipeline runner reports
     * (POST /v1/runs/{id}/status).
     */
    private static final java.util.Set<String> RUN_EVENTS = java.util.Set.of("run.queued", "run.failed_validation",
            "run.started", "run.succeeded", "run.failed", "run.cancelled");

    public static boolean isOperational(String eventType) {
        return OPERATIONAL.stream().anyMatch(eventType::startsWith);
    }

    /**
     * Types only Hookline publishes: the document promises their receivers a shape ({@code webhooks} in
     * openapi.json), which a tenant's own event of the same name would break. Tenants publish their own types.
     */
    public static boolean isReserved(String eventType) {
        return eventType != null && (isOperational(eventType) || RUN_EVENTS.contains(eventType)
                || eventType.equals("webhook.test"));
    }

    /**
     * The category of one of Hookline's own types: its first segment ({@code run}, {@code endpoint}, {@code delivery},
     * {@code api_key}, {@code source}, {@code secret}, {@code webhook}), so {@code category:run} subscribes to every run
     * event; null for a tenant's type, whose category is the one it registered in the catalog.
     */
    public static String categoryOf(String eventType) {
        return isReserved(eventType) ? eventType.substring(0, eventType.indexOf('.')) : null;
    }
}
