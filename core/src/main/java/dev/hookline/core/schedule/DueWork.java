package dev.hookline.core.schedule;

import java.time.Instant;

/**
 * A message that must reach a queue later than SQS can delay it (15 minutes): persisted with its due
 * time, re-enqueued by the scheduler once due. Long retry waits never sit in flight on a queue.
 */
public record DueWork(String id, Instant dueAt, WorkQueue queue, String body) {
}
