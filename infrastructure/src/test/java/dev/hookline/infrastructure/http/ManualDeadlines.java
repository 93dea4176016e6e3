package dev.hookline.infrastructure.http;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** A deadline timer the test fires by hand: the deadline passes when the test says so, not after wall time. */
final class ManualDeadlines implements DeadlineTimer.Scheduler {

    /** One armed deadline: the delay it was armed with and the abort it would run. */
    record Armed(Duration delay, Runnable abort, AtomicBoolean over) {
    }

    private final List<Armed> armed = new CopyOnWriteArrayList<>();

    DeadlineTimer timer() {
        return new DeadlineTimer(this);
    }

    @Override
    public Runnable schedule(Duration delay, Runnable abort) {
        Armed a = new Armed(delay, abort, new AtomicBoolean());
        armed.add(a);
        return () -> a.over().set(true);
    }

    /** Makes the pending deadline pass (exactly one must be pending) and returns the delay it was armed with. */
    Duration pass() {
        List<Armed> pending = armed.stream().filter(a -> !a.over().get()).toList();
        if (pending.size() != 1) {
            throw new AssertionError("expected one pending deadline, found " + pending.size());
        }
        Armed a = pending.getFirst();
        a.over().set(true);
        a.abort().run();
        return a.delay();
    }
}
