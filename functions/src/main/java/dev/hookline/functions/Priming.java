package dev.hookline.functions;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming: before the snapshot, run work that loads and links the classes of the hot path so
 * restored environments start warm. The work must not create ids, secrets or random seeds, and may fail
 * (no network at snapshot time is fine): priming is an optimisation, never a requirement.
 */
final class Priming implements Resource {
    private final Runnable work;

    private Priming(Runnable work) {
        this.work = work;
    }

    /** Keeps a strong reference through the handler (CRaC holds resources weakly). */
    static Priming register(Runnable work) {
        Priming priming = new Priming(work);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        try {
            work.run();
        } catch (RuntimeException ignored) {
            // A failed warm-up only costs the first request some milliseconds.
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to refresh: clients hold no connections across the snapshot that matter for correctness.
    }
}
