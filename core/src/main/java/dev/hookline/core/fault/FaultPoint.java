package dev.hookline.core.fault;

/**
 * The places where a crash would split work that belongs together: the crash tests stop a function at each
 * one and check that nothing acknowledged is lost. Names are what the local runner's fault switch accepts.
 */
public enum FaultPoint {
    /** The event is stored; the API answers after this (fan-out follows from the table's stream). */
    PUBLISH_AFTER_EVENT_WRITE("publish.after-event-write"),
    /** Fan-out created a delivery but has not queued it yet. */
    FANOUT_AFTER_DELIVERY_WRITE("fanout.after-delivery-write"),
    /** Ingest holds the dedup claim; nothing is on the queue yet. */
    INGEST_AFTER_CLAIM("ingest.after-claim"),
    /** Some of a request's queue messages are sent, the rest are not. */
    INGEST_MID_SEND("ingest.mid-send"),
    /** The receiver answered 2xx; the delivery does not know it yet. */
    DELIVERY_AFTER_RESPONSE("delivery.after-response"),
    /** The handler finished and recorded its work; the event source has not deleted the message yet. */
    QUEUE_BEFORE_DELETE("queue.before-delete");

    private final String wire;

    FaultPoint(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static FaultPoint fromWire(String value) {
        for (FaultPoint p : values()) {
            if (p.wire.equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("Unknown fault point '" + value + "'; known: "
                + java.util.Arrays.stream(values()).map(FaultPoint::wire).toList());
    }
}
