package dev.hookline.core.delivery;

import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.ProblemException;
import dev.hookline.core.problem.ProblemType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Bulk recovery of an endpoint after an outage on the receiver's side: send again every delivery that gave up
 * ({@code failed}, {@code dead_lettered}) since a point in time, or every dead letter. Each one goes through
 * {@link DeliveryReplay#retryNow}, so a re-queued delivery is {@code pending}/{@code retrying} afterwards and
 * asking again right away finds nothing new to queue: recovery is idempotent without a marker of its own.
 * The caller checks that the endpoint belongs to the tenant; {@code since} must lie within the retention, since
 * nothing older is kept to recover.
 */
public final class Recovery {
    static final int PAGE = 100;
    /** Deliveries live this long unless the deployment says otherwise (RETENTION_DAYS). */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

    /** One dead-lettered delivery with why it gave up: its last error and how many attempts it made. */
    public record DeadLetterEntry(String deliveryId, String messageId, String eventType, int attempts, String reason,
                                  Instant deadLetteredAt) {
        static DeadLetterEntry of(Delivery d) {
            return new DeadLetterEntry(d.id(), d.messageId(), d.eventType(), d.attemptCount(), d.lastError(),
                    d.updatedAt());
        }
    }

    /** Newest first; {@code nextCursor} null on the last page. */
    public record DeadLetterPage(List<DeadLetterEntry> deadLetters, String nextCursor) {
        public DeadLetterPage {
            deadLetters = List.copyOf(deadLetters);
        }
    }

    private final DeliveryStore deliveries;
    private final DeliveryReplay replay;
    private final Clock clock;
    private final Duration retention;

    public Recovery(DeliveryStore deliveries, DeliveryReplay replay, Clock clock, Duration retention) {
        this.deliveries = deliveries;
        this.replay = replay;
        this.clock = clock;
        this.retention = retention;
    }

    /**
     * Re-queues the endpoint's {@code failed} and {@code dead_lettered} deliveries created at or after
     * {@code since}; returns how many were queued.
     */
    public int recover(String tenantId, String endpointId, Instant since) {
        checkSince(since);
        // Collect first, send after: re-queuing changes a delivery's status while its list is being paged.
        List<String> ids = new ArrayList<>(idsOf(tenantId, endpointId, DeliveryStatus.FAILED, since));
        ids.addAll(idsOf(tenantId, endpointId, DeliveryStatus.DEAD_LETTERED, since));
        return requeue(tenantId, ids);
    }

    /** The endpoint's dead letters, newest first, with their reason. */
    public DeadLetterPage deadLetters(String tenantId, String endpointId, String cursor, int limit) {
        DeliveryStore.DeliveryPage page = deliveries.listByEndpoint(tenantId, endpointId, DeliveryStatus.DEAD_LETTERED,
                cursor, limit);
        return new DeadLetterPage(page.deliveries().stream().map(DeadLetterEntry::of).toList(), page.nextCursor());
    }

    /** Re-queues every dead letter of the endpoint; returns how many were queued. */
    public int redriveDeadLetters(String tenantId, String endpointId) {
        return requeue(tenantId, idsOf(tenantId, endpointId, DeliveryStatus.DEAD_LETTERED, null));
    }

    /** Ids of the endpoint's deliveries in {@code status}, created at or after {@code since} (null: all). */
    private List<String> idsOf(String tenantId, String endpointId, DeliveryStatus status, Instant since) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            DeliveryStore.DeliveryPage page = deliveries.listByEndpoint(tenantId, endpointId, status, cursor, PAGE);
            for (Delivery d : page.deliveries()) {
                if (since != null && d.createdAt().isBefore(since)) {
                    return ids; // newest first: everything after this one is older still
                }
                if (d.status() == status) {
                    ids.add(d.id());
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return ids;
    }

    private int requeue(String tenantId, List<String> ids) {
        int queued = 0;
        for (String id : ids) {
            try {
                replay.retryNow(tenantId, id);
                queued++;
            } catch (ProblemException e) {
                if (e.problem().status() != ProblemType.NOT_FOUND.status()) {
                    throw e;
                }
                // Deleted meanwhile (its endpoint went): nothing to send.
            }
        }
        return queued;
    }

    /** 422 unless {@code since} is within reach: not in the future, not older than the retention. */
    public void checkSince(Instant since) {
        Instant now = clock.instant();
        if (since.isAfter(now)) {
            throw invalidSince("since is in the future.", "must not be in the future");
        }
        if (since.isBefore(now.minus(retention))) {
            throw invalidSince("since is older than the retention of " + retention.toDays() + " days.",
                    "must be within the last " + retention.toDays() + " days");
        }
    }

    private static ProblemException invalidSince(String detail, String message) {
        return Problem.invalid(detail, List.of(new Problem.FieldError("since", message))).toException();
    }
}
