package dev.hookline.local.faults;

import dev.hookline.core.fault.FaultPoint;
import dev.hookline.core.fault.Faults;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local runner's fault switch, off unless installed: makes functions (and the runner's own event sources)
 * crash at named {@link FaultPoint}s with a given probability, and counts how often each point was passed and
 * crashed. From the command line, {@code HOOKLINE_FAULTS="delivery.after-response=0.3,ingest.after-claim=0.5"}
 * (optionally {@code seed=N}) installs one when the platform starts; tests install and arm one directly. The hook
 * is global to the JVM, as a crash of the machine would be.
 *
 * <p>A batch that an injected crash hands back is made visible again after {@link #redelivery()} instead of the
 * queue's visibility timeout, so crash tests take seconds; everything else behaves as it does on AWS.
 */
public final class FaultInjector implements Faults.Hook {
    public record Counts(long passes, long crashes) {
    }

    private static volatile FaultInjector installed;

    private final Map<FaultPoint, Double> armed = new EnumMap<>(FaultPoint.class);
    private final Map<FaultPoint, Long> budgets = new EnumMap<>(FaultPoint.class);
    private final Map<FaultPoint, AtomicLong> passes = new EnumMap<>(FaultPoint.class);
    private final Map<FaultPoint, AtomicLong> crashes = new EnumMap<>(FaultPoint.class);
    private final SplittableRandom random;
    private final Duration redelivery;

    public FaultInjector(long seed, Duration redelivery) {
        this.random = new SplittableRandom(seed);
        this.redelivery = redelivery;
        for (FaultPoint p : FaultPoint.values()) {
            passes.put(p, new AtomicLong());
            crashes.put(p, new AtomicLong());
        }
    }

    /** {@code point=probability,…[,seed=N]}, e.g. {@code delivery.after-response=0.3}. */
    public static FaultInjector parse(String spec) {
        long seed = System.nanoTime();
        Map<FaultPoint, Double> points = new EnumMap<>(FaultPoint.class);
        for (String part : spec.split(",")) {
            String item = part.strip();
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("Fault '" + item + "' needs =probability (e.g. " + item + "=0.3)");
            }
            String name = item.substring(0, eq).strip();
            String value = item.substring(eq + 1).strip();
            if (name.equals("seed")) {
                seed = Long.parseLong(value);
            } else {
                double p = Double.parseDouble(value);
                if (p < 0 || p > 1) {
                    throw new IllegalArgumentException("Fault probability for " + name + " must be within 0..1, got " + value);
                }
                points.put(FaultPoint.fromWire(name), p);
            }
        }
        FaultInjector injector = new FaultInjector(seed, Duration.ofSeconds(1));
        points.forEach(injector::arm);
        return injector;
    }

    public synchronized FaultInjector arm(FaultPoint point, double probability) {
        return arm(point, probability, Long.MAX_VALUE);
    }

    /** At most {@code maxCrashes} crashes at the point from now on (then it is passed harmlessly). */
    public synchronized FaultInjector arm(FaultPoint point, double probability, long maxCrashes) {
        armed.put(point, probability);
        budgets.put(point, maxCrashes);
        return this;
    }

    public synchronized void disarmAll() {
        armed.clear();
        budgets.clear();
    }

    public Duration redelivery() {
        return redelivery;
    }

    public Counts counts(FaultPoint point) {
        return new Counts(passes.get(point).get(), crashes.get(point).get());
    }

    @Override
    public void at(FaultPoint point) {
        passes.get(point).incrementAndGet();
        boolean crash;
        synchronized (this) {
            Double p = armed.get(point);
            crash = p != null && budgets.get(point) > 0 && random.nextDouble() < p;
            if (crash) {
                budgets.put(point, budgets.get(point) - 1);
            }
        }
        if (crash) {
            crashes.get(point).incrementAndGet();
            throw new Faults.InjectedCrash(point);
        }
    }

    public FaultInjector install() {
        installed = this;
        Faults.install(this);
        return this;
    }

    public static void uninstall() {
        installed = null;
        Faults.uninstall();
    }

    public static Optional<FaultInjector> current() {
        return Optional.ofNullable(installed);
    }

    /** True if the failure is (or was caused by) an injected crash. */
    public static boolean injected(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof Faults.InjectedCrash) {
                return true;
            }
        }
        return false;
    }

    /** For the runner's own points: true if it should behave as if it died here. */
    public static boolean crashesAt(FaultPoint point) {
        try {
            Faults.at(point);
            return false;
        } catch (Faults.InjectedCrash crash) {
            return true;
        }
    }
}
