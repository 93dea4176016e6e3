package dev.hookline.core.delivery;

import dev.hookline.core.endpoint.EndpointEvents;

/**
 * Publishes Hookline's own events through the normal delivery path, best effort: the fact they report is
 * recorded where it happened (the endpoint, the delivery, the key) whether or not the event goes out. Where the
 * report must not be lost, {@link #prepare} gives the event to store in the same transaction as the fact.
 */
public final class PlatformEventSink implements EndpointEvents {
    private final EventPublisher events;

    public PlatformEventSink(EventPublisher events) {
        this.events = events;
    }

    @Override
    public void publish(String tenantId, String type, String dataJson) {
        try {
            events.publishReport(tenantId, type, dataJson, null);
        } catch (RuntimeException e) {
            // Best effort by design; see the class comment.
        }
    }

    /** The event to write with the change it reports; null if it cannot be built (it is then simply not sent). */
    public Message prepare(String tenantId, String type, String dataJson) {
        try {
            return events.prepare(tenantId, type, dataJson);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
