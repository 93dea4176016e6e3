package dev.hookline.core.fault;

import java.util.Objects;

/**
 * The production side of fault injection: a call at each {@link FaultPoint} that does nothing unless a test
 * runner installed a hook (nothing in a deployed function ever does). A hook makes the function die there by
 * throwing an {@link Error}, which no {@code catch (RuntimeException)} on the way up mistakes for a refusal, so
 * no claim is released and no answer is written: the invocation crashes as it would on a lost machine.
 */
public final class Faults {
    /** What a hook does at a point: return to carry on, or throw to crash. */
    @FunctionalInterface
    public interface Hook {
        void at(FaultPoint point);
    }

    private static final Hook NONE = point -> {
    };
    private static volatile Hook hook = NONE;

    private Faults() {
    }

    public static void at(FaultPoint point) {
        hook.at(point);
    }

    public static void install(Hook installed) {
        hook = Objects.requireNonNull(installed);
    }

    public static void uninstall() {
        hook = NONE;
    }

    /** The crash a hook throws: an Error, so that only the invocation's runner sees it. */
    public static final class InjectedCrash extends Error {
        public InjectedCrash(FaultPoint point) {
            super("injected crash at " + point.wire(), null, false, false);
        }
    }
}
