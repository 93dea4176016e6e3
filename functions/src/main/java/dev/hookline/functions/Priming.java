package dev.hookline.functions;

import dev.hookline.functions.wiring.Wiring;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming: before the snapshot, run work that loads and links the classes of the hot path so
 * restored environments start warm: the handler's own parsing and rendering, then the SDK's request path
 * (one read of a key that does not exist through each client, as AWS's invoke-priming guidance does). The
 * work must not create ids, secrets or random seeds, and may fail (no network at snapshot time is fine):
 * priming is an optimisation, never a requirement.
 */
final class Priming implements Resource {
    private final Runnable[] work;

    private Priming(Runnable... work) {
        this.work = work;
    }

    /** Keeps a strong reference through the handler (CRaC holds resources weakly). */
    static Priming register(Wiring wiring, Runnable handlerWork) {
        Priming priming = new Priming(handlerWork, wiring::primeRequestPath);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        for (Runnable step : work) {
            try {
                step.run();
            } catch (RuntimeException ignored) {
                // A failed warm-up only costs the first request some milliseconds.
            }
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to refresh: clients hold no connections across the snapshot that matter for correctness.
    }
}
