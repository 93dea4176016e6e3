package dev.hookline.functions.wiring;

import java.util.function.Supplier;

/**
 * One object of the composition root: built by the first caller, then the same instance for every caller after,
 * however many threads ask at once. Built on first use rather than in the root's constructor, so a function only
 * builds (and loads the classes of) what its handler asks for - the worker's jar, say, has no JWT library.
 */
final class Lazy<T> {
    private volatile T value;

    T get(Supplier<? extends T> build) {
        T built = value;
        if (built == null) {
            synchronized (this) {
                built = value;
                if (built == null) {
                    built = java.util.Objects.requireNonNull(build.get(), "a root object cannot be null");
                    value = built;
                }
            }
        }
        return built;
    }
}
