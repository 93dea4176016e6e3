package dev.hookline.core.delivery;

import dev.hookline.core.schedule.DueIndex;
import dev.hookline.core.schedule.DueIndex.Entry;
import dev.hookline.core.schedule.DueIndex.Kind;
import dev.hookline.core.schedule.QueueSender;
import dev.hookline.core.schedule.WorkQueue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The scheduler's pass over the {@link DueIndex}: it releases scheduled messages that are due, queues deliveries
 * whose long wait is over, and re-queues deliveries still unattempted a grace after they were due - their queue
 * message was lost (a crash between the write and the send), or went to the dead-letter queue without an attempt
 * being recorded. The grace is longer than the delivery queue's visibility timeout, so a message merely in flight
 * is not doubled. Every step is fenced by the due time it read, so two passes never queue one delivery twice, and
 * a delivery that succeeded is never queued again (its entry left the index with the success). After
 * {@link #MAX_REQUEUES} re-queues without an attempt, the delivery is dead-lettered with the reason instead of
 * staying pending forever.
 *
 * <p>Pull deliveries are never re-queued nor dead-lettered here: nobody sends them, so one waiting unpulled is
 * the receiver's choice, not lost work, and it becomes pullable when due by the pull index alone. Only a pull
 * lease that ended unacknowledged is the scheduler's business (its prompt queue timer may have been lost): the
 * pass records it as a failed attempt, which then follows the endpoint's retry policy like any other.
 */
public final class Reconciler {
    public static final int MAX_REQUEUES = 3;
    static final String GAVE_UP = "no attempt could be recorded after the delivery was re-queued " + MAX_REQUEUES
            + " times (its queue message kept failing or vanishing: the worker crashed or timed out on it; see the"
            + " delivery dead-letter queue)";
    private static final int PAGE = 100;

    /** What one pass did. */
    public record Pass(int released, int queued, int requeued, int deadLettered, int leasesEnded) {
        public int total() {
            return released + queued + requeued + deadLettered + leasesEnded;
        }
    }

    /** Records a pull delivery's ended, unacknowledged lease; true once nothing is left to record. */
    @FunctionalInterface
    public interface LeaseExpiry {
        boolean expire(String tenantId, String deliveryId);
    }

    private final DueIndex index;
    private final MessageStore messages;
    private final DeliveryStore deliveries;
    private final QueueSender queues;
    private final PlatformEventSink platformEvents;
    private final Clock clock;
    private final Duration grace;
    private final LeaseExpiry leases;

    public Reconciler(DueIndex index, MessageStore messages, DeliveryStore deliveries, QueueSender queues,
                      PlatformEventSink platformEvents, LeaseExpiry leases, Clock clock, Duration grace) {
        this.leases = leases;
        this.index = index;
        this.messages = messages;
        this.deliveries = deliveries;
        this.queues = queues;
        this.platformEvents = platformEvents;
        this.clock = clock;
        this.grace = grace;
    }

    /** One pass, bounded by {@code maxItems} so it ends well inside the function's timeout; the next continues. */
    public Pass pass(int maxItems) {
        int[] budget = {maxItems};
        int released = drain(Kind.MESSAGE, clock.instant(), budget, this::release);
        int queued = drain(Kind.DELIVERY_WAITING, clock.instant(), budget, this::queue);
        int[] outcome = new int[2];
        drain(Kind.DELIVERY_QUEUED, clock.instant().minus(grace), budget, e -> reconcile(e, outcome));
        // A lease's queue timer comes when it ends; the index only stands in for a timer lost, a grace later.
        int leasesEnded = drain(Kind.PULL_LEASE, clock.instant().minus(grace), budget,
                e -> leases.expire(e.tenantId(), e.id()));
        return new Pass(released, queued, outcome[0], outcome[1], leasesEnded);
    }

    private interface Step {
        boolean apply(Entry entry);
    }

    /**
     * Reads due entries page by page and applies the step; a handled entry leaves the range (released, moved to
     * another kind, or due again later), so the next page starts from the front again.
     */
    private int drain(Kind kind, Instant upTo, int[] budget, Step step) {
        int done = 0;
        while (budget[0] > 0) {
            List<Entry> page = index.due(kind, upTo, Math.min(PAGE, budget[0]));
            int handled = 0;
            for (Entry e : page) {
                budget[0]--;
                if (step.apply(e)) {
                    done++;
                    handled++;
                }
            }
            if (page.size() < PAGE || handled == 0) {
                break;
            }
        }
        return done;
    }

    private boolean release(Entry e) {
        return messages.release(e.tenantId(), e.id());
    }

    private boolean queue(Entry e) {
        if (!deliveries.queueWaiting(e.tenantId(), e.id(), e.dueAt(), clock.instant())) {
            return false;
        }
        // Marked first, then sent: a crash in between leaves a queued entry due now, which the next passes re-queue.
        queues.send(WorkQueue.DELIVERY, new DeliveryTask(e.tenantId(), e.id()).toJson(), Duration.ZERO);
        return true;
    }

    private boolean reconcile(Entry e, int[] outcome) {
        Instant now = clock.instant();
        switch (deliveries.requeueOverdue(e.tenantId(), e.id(), e.dueAt(), now, MAX_REQUEUES, GAVE_UP)) {
            case DeliveryStore.Requeued r -> {
                queues.send(WorkQueue.DELIVERY, new DeliveryTask(e.tenantId(), e.id()).toJson(), Duration.ZERO);
                outcome[0]++;
                return true;
            }
            case DeliveryStore.GaveUp g -> {
                String record = DeadLetter.unprocessed(g.delivery(), GAVE_UP, now);
                queues.send(WorkQueue.DELIVERY_DEAD_LETTERS, record, Duration.ZERO);
                if (!dev.hookline.core.endpoint.PlatformEvents.isOperational(g.delivery().eventType())) {
                    platformEvents.publish(g.delivery().tenantId(), "delivery.dead_lettered", record);
                }
                outcome[1]++;
                return true;
            }
            case DeliveryStore.MovedOn m -> {
                return false;
            }
        }
    }
}
