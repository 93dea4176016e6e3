package dev.hookline.core.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.access.Caller;
import dev.hookline.core.id.IdPrefix;
import dev.hookline.core.id.Ids;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.Problem.FieldError;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Records management actions, written by the services that perform them (never by routes), and lists them.
 *
 * <p><b>Order: the entry is written before the change.</b> A service opens a {@link Pending} entry, writes it
 * ({@link Pending#write}) right before its store write, and marks it {@link Pending#applied} after. If the audit
 * write fails, the change is not attempted (the caller gets the error): there is never a change without its entry.
 * If the change fails or loses an optimistic race, closing the pending entry withdraws it. Only a crash (or a failed
 * withdrawal) between the two writes can leave an entry for a change that did not happen: the log may over-report,
 * never under-report. A transaction (TransactWriteItems) would make both exact, at twice the write units for both
 * items and with the audit item threaded through every store; an entry written ahead costs one plain write.
 * A retried optimistic write rewrites the same entry (same id and time) with the diff of the try that won.
 */
public final class AuditTrail {
    public static final String ADMIN = "admin";
    private static final int MAX_FILTER = 200;
    private static final Pattern ACTION = Pattern.compile("[a-z_]{1,40}\\.[a-z_]{1,40}");
    private static final Pattern KIND = Pattern.compile("[a-z_]{1,40}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1," + MAX_FILTER + "}");

    private final AuditLog log;
    private final Ids ids;
    private final Clock clock;
    private final Duration retention;

    public AuditTrail(AuditLog log, Ids ids, Clock clock, Duration retention) {
        this.log = log;
        this.ids = ids;
        this.clock = clock;
        this.retention = retention;
    }

    /** An action about to happen on {@code kind}/{@code id}, by the caller; nothing is written yet. */
    public Pending begin(Caller caller, String action, String kind, String id) {
        return begin(caller.tenantId(), caller.apiKeyId(), action, kind, id);
    }

    public Pending begin(String tenantId, String actor, String action, String kind, String id) {
        Instant now = clock.instant();
        return new Pending(new AuditEntry(ids.next(IdPrefix.AUDIT), tenantId, actor, now, action, kind, id, List.of(),
                now.plus(retention)));
    }

    /** Records an action whose whole effect is already known (before, after), then runs it; see the class comment. */
    public <T> T recorded(Caller caller, String action, String kind, String id, ObjectNode before, ObjectNode after,
                          java.util.function.Supplier<T> change) {
        try (Pending entry = begin(caller, action, kind, id)) {
            entry.write(before, after);
            T result = change.get();
            entry.applied();
            return result;
        }
    }

    /**
     * Records an action that may apply in part when it fails (bulk re-queues, store-then-queue): written first, and
     * kept whatever happens next, since withdrawing it could hide a partial change.
     */
    public <T> T recordedKept(Caller caller, String action, String kind, String id, ObjectNode before, ObjectNode after,
                              java.util.function.Supplier<T> change) {
        Pending entry = begin(caller, action, kind, id);
        entry.write(before, after);
        return change.get();
    }

    /** The caller's tenant's entries, newest first; 422 for malformed filters. */
    public AuditLog.Page list(Caller caller, AuditQuery query, String cursor, int limit) {
        List<FieldError> errors = new ArrayList<>();
        check(errors, "action", query.action(), ACTION);
        check(errors, "target_kind", query.targetKind(), KIND);
        check(errors, "target_id", query.targetId(), ID);
        check(errors, "actor", query.actor(), ID);
        if (query.from() != null && query.to() != null && !query.from().isBefore(query.to())) {
            errors.add(new FieldError("to", "must be after from"));
        }
        if (!errors.isEmpty()) {
            throw Problem.invalid("The audit log filters are not valid.", errors).toException();
        }
        return log.page(caller.tenantId(), query, cursor, limit, clock.instant());
    }

    private static void check(List<FieldError> errors, String field, String value, Pattern shape) {
        if (value != null && !shape.matcher(value).matches()) {
            errors.add(new FieldError(field, "is not a valid " + field.replace('_', ' ')));
        }
    }

    /** One action's entry between "about to change" and "changed"; closing it unapplied withdraws what was written. */
    public final class Pending implements AutoCloseable {
        private AuditEntry entry;
        private boolean written;
        private boolean applied;

        private Pending(AuditEntry entry) {
            this.entry = entry;
        }

        public String id() {
            return entry.id();
        }

        /** Writes (or rewrites) the entry with the diff between the two views of the target. */
        public void write(ObjectNode before, ObjectNode after) {
            entry = entry.withChanges(AuditDiff.between(before, after));
            log.record(entry);
            written = true;
        }

        public void applied() {
            applied = true;
        }

        @Override
        public void close() {
            if (written && !applied) {
                log.withdraw(entry);
            }
        }
    }
}
