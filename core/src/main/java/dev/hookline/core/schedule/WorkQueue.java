package dev.hookline.core.schedule;

/** The queues Hookline itself feeds; adapters map each to a queue URL from the environment. */
public enum WorkQueue {
    FANOUT,
    DELIVERY,
    DELIVERY_DEAD_LETTERS,
    RUNS,
    STREAMS
}
