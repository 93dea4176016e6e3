package dev.hookline.core.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps one slow or hung endpoint from delaying every other endpoint's deliveries.
 *
 * <p>The constraint that shapes it: on AWS a Lambda invocation returns only when its work is done, so a batch of
 * SQS messages holds its consumer until its slowest send ends, and an HTTP request already sent can be neither
 * abandoned nor handed back without the risk of sending it twice. So the only sends this gate lets the fast lane
 * start are sends that are likely to be quick; everything else is handed back <em>before</em> it is sent:
 *
 * <ul>
 *   <li><b>Slow lane.</b> An endpoint with a send that takes {@link Settings#slowAfter()} or longer (or times out) is
 *       marked slow, in this environment at once (a watchdog fires while the send is still in flight) and in the
 *       shared {@link EndpointPace} store for every other environment. Its fast-lane messages are handed to the
 *       slow-lane queue without being sent; its retries are scheduled there. A prompt answer in the slow lane clears
 *       the mark.</li>
 *   <li><b>Per-endpoint caps.</b> An endpoint not yet seen answering promptly in this environment gets one send at a
 *       time in the fast lane (a probe); a proven one gets {@link Settings#fastCap()}. In the slow lane each endpoint
 *       gets {@link Settings#slowCap()}, so one hung endpoint cannot take all of the slow lane either.</li>
 *   <li><b>A short budget.</b> A message waiting for its endpoint's cap waits at most {@link Settings#waitBudget()};
 *       then it is handed back (to the slow lane) unsent, so a batch never waits on a queue behind a slow send,
 *       only on the capped sends it already started.</li>
 * </ul>
 *
 * <p>State is per execution environment (one Lambda instance, or the whole local platform) and holds only counters
 * and times per endpoint, purged when idle. Nothing here sends or records a delivery; the worker does, under the
 * claim that already guarantees one attempt at a time.
 */
public final class LaneGate implements AutoCloseable {

    /**
     * @param slowAfter     a send this long (or a timeout) marks its endpoint slow
     * @param waitBudget    the longest a fast-lane message waits for its endpoint's cap before it is handed back
     * @param slowFor       how long a slow mark lasts without a new slow send (refreshed past half of it)
     * @param provenFor     how long a prompt answer keeps an endpoint "proven" (the full fast-lane cap)
     * @param slowLaneRetry least delay before a slow-lane message over its endpoint's cap comes back (longer when the
     *                      endpoint's sends take longer: about when a slot should be free again)
     * @param probeCap      fast-lane sends at a time to an endpoint not yet proven in this environment
     * @param fastCap       fast-lane sends at a time to a proven endpoint: the default is the delivery queue's batch
     *                      size, so a batch of ten to one prompt endpoint goes out at once instead of in two waves
     * @param slowCap       slow-lane sends at a time to one endpoint
     */
    public record Settings(Duration slowAfter, Duration waitBudget, Duration slowFor, Duration provenFor,
                           Duration slowLaneRetry, int probeCap, int fastCap, int slowCap) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(1), Duration.ofMillis(250),
                Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofSeconds(2), 1, 10, 10);
    }

    /** What the worker does with a claimed delivery. */
    public sealed interface Admission permits Send, HandBack {
    }

    /** Send now, inside the slot (close it when the attempt is over). */
    public record Send(Slot slot) implements Admission {
    }

    /** Do not send: queue the delivery on {@code lane} after {@code delay}. Nothing was sent, so nothing repeats. */
    public record HandBack(Lane lane, Duration delay, String reason) implements Admission {
    }

    /** What the stored marker said, read in parallel with the endpoint (see {@link #view}). */
    public record PaceView(String tenantId, String endpointId) {
    }

    private static final Duration STORED_FRESH = Duration.ofSeconds(2);
    private static final Duration MAX_SLOW_LANE_RETRY = Duration.ofSeconds(30);
    private static final Duration IDLE_STATE = Duration.ofMinutes(15);

    private final EndpointPace store;
    private final Clock clock;
    private final Settings settings;
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final AtomicLong admissions = new AtomicLong();
    private final ScheduledThreadPoolExecutor watchdog;

    public LaneGate(EndpointPace store, Clock clock, Settings settings) {
        this.store = store;
        this.clock = clock;
        this.settings = settings;
        this.watchdog = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("hookline-lane-watchdog").factory());
        this.watchdog.setRemoveOnCancelPolicy(true);
    }

    public LaneGate(EndpointPace store, Clock clock) {
        this(store, clock, Settings.DEFAULT);
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Refreshes this environment's copy of the shared marker when it is older than a couple of seconds (one read,
     * meant to run in parallel with the endpoint read), and names the endpoint for {@link #admit}.
     */
    public PaceView view(String tenantId, String endpointId) {
        State state = state(tenantId, endpointId);
        Instant now = clock.instant();
        Instant readAt;
        state.lock.lock();
        try {
            readAt = state.storedReadAt;
        } finally {
            state.lock.unlock();
        }
        if (readAt == null || !now.isBefore(readAt.plus(STORED_FRESH))) {
            Optional<Instant> until = store.slowUntil(tenantId, endpointId);
            state.lock.lock();
            try {
                state.storedSlowUntil = until.orElse(null);
                state.storedReadAt = now;
            } finally {
                state.lock.unlock();
            }
        }
        return new PaceView(tenantId, endpointId);
    }

    /**
     * Decides whether a claimed delivery is sent now from {@code lane}. May wait up to the budget for the endpoint's
     * cap in the fast lane; never longer.
     */
    public Admission admit(Lane lane, PaceView view) {
        purgeNow();
        State state = state(view.tenantId(), view.endpointId());
        long deadline = System.nanoTime() + settings.waitBudget().toNanos();
        state.lock.lock();
        try {
            while (true) {
                Instant now = clock.instant();
                state.lastUsed = now;
                if (lane == Lane.SLOW) {
                    if (state.inFlight < settings.slowCap()) {
                        return new Send(open(state, view, lane));
                    }
                    return new HandBack(Lane.SLOW, slowLaneDelay(state), "slow_lane_cap");
                }
                if (state.slow(now)) {
                    return new HandBack(Lane.SLOW, Duration.ZERO, "slow_endpoint");
                }
                int cap = state.proven(now) ? settings.fastCap() : settings.probeCap();
                if (state.inFlight < cap) {
                    return new Send(open(state, view, lane));
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return new HandBack(Lane.SLOW, Duration.ZERO, "wait_budget");
                }
                state.changed.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HandBack(lane, Duration.ZERO, "interrupted");
        } finally {
            state.lock.unlock();
        }
    }

    /**
     * What this environment already knows, without a read, a claim or a wait: a fast-lane message for an endpoint
     * marked slow, or a slow-lane message for an endpoint at its cap, is handed back at once; otherwise empty.
     */
    public Optional<HandBack> early(Lane lane, String tenantId, String endpointId) {
        State state = states.get(key(tenantId, endpointId));
        if (state == null) {
            return Optional.empty();
        }
        state.lock.lock();
        try {
            if (lane == Lane.FAST && state.slow(clock.instant())) {
                return Optional.of(new HandBack(Lane.SLOW, Duration.ZERO, "slow_endpoint"));
            }
            if (lane == Lane.SLOW && state.inFlight >= settings.slowCap()) {
                return Optional.of(new HandBack(Lane.SLOW, slowLaneDelay(state), "slow_lane_cap"));
            }
            return Optional.empty();
        } finally {
            state.lock.unlock();
        }
    }

    /** Back when a slot should be free, not sooner: each hand-back costs a send (and maybe a claim and a release). */
    private Duration slowLaneDelay(State state) {
        Duration delay = state.lastLatency.compareTo(settings.slowLaneRetry()) > 0 ? state.lastLatency
                : settings.slowLaneRetry();
        return delay.compareTo(MAX_SLOW_LANE_RETRY) > 0 ? MAX_SLOW_LANE_RETRY : delay;
    }

    /** The lane a new message for this endpoint goes to (retries, early arrivals): slow while it is marked slow. */
    public Lane laneFor(String tenantId, String endpointId) {
        State state = states.get(key(tenantId, endpointId));
        if (state == null) {
            return Lane.FAST;
        }
        state.lock.lock();
        try {
            return state.slow(clock.instant()) ? Lane.SLOW : Lane.FAST;
        } finally {
            state.lock.unlock();
        }
    }

    /** Whether this environment currently treats the endpoint as slow (tests and diagnostics). */
    public boolean isSlow(String tenantId, String endpointId) {
        return laneFor(tenantId, endpointId) == Lane.SLOW;
    }

    private Slot open(State state, PaceView view, Lane lane) {
        state.inFlight++;
        Slot slot = new Slot(state, view, lane);
        slot.watch = watchdog.schedule(() -> Thread.ofVirtual().start(slot::stillInFlight),
                settings.slowAfter().toNanos(), TimeUnit.NANOSECONDS);
        return slot;
    }

    /** One admitted send. Report what came back with {@link #observed}; always close it. */
    public final class Slot implements AutoCloseable {
        private final State state;
        private final PaceView view;
        private final Lane lane;
        private volatile ScheduledFuture<?> watch;
        private boolean closed;
        private boolean countedSlow;

        private Slot(State state, PaceView view, Lane lane) {
            this.state = state;
            this.view = view;
            this.lane = lane;
        }

        /**
         * What the send cost. A timeout marks the endpoint slow; so does a slow send to an endpoint not proven in
         * this environment, or a second slow send in a row to a proven one (a busy machine may slow one send of a
         * healthy endpoint; it should not cost that endpoint five minutes in the slow lane). A prompt send proves it.
         */
        public void observed(long latencyMs, boolean timedOut) {
            state.lock.lock();
            try {
                state.lastLatency = Duration.ofMillis(Math.max(0, latencyMs));
            } finally {
                state.lock.unlock();
            }
            if (timedOut) {
                markSlow(state, view);
            } else if (latencyMs >= settings.slowAfter().toMillis()) {
                slowSend();
            } else {
                proveFast(state, view, lane);
            }
        }

        /** The watchdog: still sending after {@code slowAfter} counts as a slow send now, whatever comes back. */
        private void stillInFlight() {
            boolean open;
            state.lock.lock();
            try {
                open = !closed;
            } finally {
                state.lock.unlock();
            }
            if (open) {
                slowSend();
            }
        }

        /** Counted once per send, whether the watchdog or the answer noticed first. */
        private void slowSend() {
            boolean mark;
            state.lock.lock();
            try {
                if (countedSlow) {
                    return;
                }
                countedSlow = true;
                state.slowStreak++;
                mark = !state.proven(clock.instant()) || state.slowStreak >= 2;
            } finally {
                state.lock.unlock();
            }
            if (mark) {
                markSlow(state, view);
            }
        }

        @Override
        public void close() {
            ScheduledFuture<?> w = watch;
            if (w != null) {
                w.cancel(false);
            }
            state.lock.lock();
            try {
                if (!closed) {
                    closed = true;
                    state.inFlight--;
                    state.changed.signalAll();
                }
            } finally {
                state.lock.unlock();
            }
        }
    }

    private void markSlow(State state, PaceView view) {
        Instant now = clock.instant();
        Instant until = now.plus(settings.slowFor());
        boolean write;
        state.lock.lock();
        try {
            state.localSlowUntil = until;
            state.provenUntil = null;
            state.slowStreak = 0;
            Instant stored = state.storedSlowUntil;
            // Written on the change, and again only when the shared mark has less than half its life left.
            write = stored == null || stored.isBefore(now.plus(settings.slowFor().dividedBy(2)));
            if (write) {
                state.storedSlowUntil = until;
            }
            state.changed.signalAll(); // waiting fast-lane messages leave for the slow lane now
        } finally {
            state.lock.unlock();
        }
        if (write) {
            store.markSlow(view.tenantId(), view.endpointId(), until);
        }
    }

    private void proveFast(State state, PaceView view, Lane lane) {
        Instant now = clock.instant();
        boolean clearStored;
        state.lock.lock();
        try {
            state.provenUntil = now.plus(settings.provenFor());
            state.slowStreak = 0;
            // Only the slow lane clears a mark: a fast-lane answer may be a quick refusal between slow ones, and
            // the fast lane sees a marked endpoint only before it learned of the mark.
            clearStored = lane == Lane.SLOW && (state.slow(now) || state.storedSlowUntil != null);
            if (clearStored) {
                state.localSlowUntil = null;
                state.storedSlowUntil = null;
            }
            state.changed.signalAll();
        } finally {
            state.lock.unlock();
        }
        if (clearStored) {
            store.clear(view.tenantId(), view.endpointId());
        }
    }

    private State state(String tenantId, String endpointId) {
        return states.computeIfAbsent(key(tenantId, endpointId), k -> new State());
    }

    private static String key(String tenantId, String endpointId) {
        return tenantId + "/" + endpointId;
    }

    /** Forgets endpoints idle for a while, so a long-lived environment's memory stays proportional to its traffic. */
    private void purgeNow() {
        if (admissions.incrementAndGet() % 1024 != 0) {
            return;
        }
        Instant cutoff = clock.instant().minus(IDLE_STATE);
        states.values().removeIf(s -> s.inFlight == 0 && s.lastUsed != null && s.lastUsed.isBefore(cutoff));
    }

    int trackedEndpoints() {
        return states.size();
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }

    /** One endpoint, in this environment. Guarded by its lock. */
    private static final class State {
        final ReentrantLock lock = new ReentrantLock();
        final Condition changed = lock.newCondition();
        int inFlight;
        Instant localSlowUntil;
        Instant storedSlowUntil;
        Instant storedReadAt;
        Instant provenUntil;
        int slowStreak;
        Duration lastLatency = Duration.ZERO;
        volatile Instant lastUsed;

        boolean slow(Instant now) {
            return (localSlowUntil != null && now.isBefore(localSlowUntil))
                    || (storedSlowUntil != null && now.isBefore(storedSlowUntil));
        }

        boolean proven(Instant now) {
            return provenUntil != null && now.isBefore(provenUntil);
        }
    }
}
