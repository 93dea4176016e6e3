package dev.hookline.core.delivery;

/**
 * Publishes Hookline's own events through the normal delivery path, best effort: the fact they report is
 * recorded where it happened (the endpoint, the delivery, the key) whether or not the event goes out.
 */
public final class PlatformEventSink {
    private final EventPublisher events;

    public PlatformEventSink(EventPublisher events) {
        this.events = events;
    }

    public void publish(String tenantId, String type, String dataJson) {
        try {
            events.publish(tenantId, type, dataJson, null, null);
        } catch (RuntimeException e) {
            // Best effort by design; see the class comment.
        }
    }
}
