package dev.hookline.core.schedule;

/**
 * The queues Hookline itself feeds; adapters map each to a queue URL from the environment. (Fan-out has no
 * queue: the deliveries table's change stream feeds it, so publishing is a single write.)
 */
public enum WorkQueue {
    DELIVERY,
    /** The slow lane: deliveries to endpoints that answer slowly or not at all (see {@code LaneGate}). */
    DELIVERY_SLOW,
    DELIVERY_DEAD_LETTERS,
    RUNS,
    STREAMS
}
