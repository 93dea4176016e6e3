package dev.hookline.core.schedule;

import java.time.Duration;

/** Port: puts a message body on one of Hookline's queues, optionally delayed (at most 15 minutes). */
public interface QueueSender {
    Duration MAX_DELAY = Duration.ofMinutes(15);

    void send(WorkQueue queue, String body, Duration delay);

    /**
     * Puts every body on {@code queue} now; an adapter may send them in batches (SQS bills a batch of up to 10 as
     * one request). Throws unless every one was accepted: the caller's work is then retried whole.
     */
    default void sendAll(WorkQueue queue, java.util.List<String> bodies) {
        for (String body : bodies) {
            send(queue, body, Duration.ZERO);
        }
    }
}
