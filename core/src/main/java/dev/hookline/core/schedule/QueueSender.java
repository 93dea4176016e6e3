package dev.hookline.core.schedule;

import java.time.Duration;

/** Port: puts a message body on one of Hookline's queues, optionally delayed (at most 15 minutes). */
public interface QueueSender {
    Duration MAX_DELAY = Duration.ofMinutes(15);

    void send(WorkQueue queue, String body, Duration delay);
}
