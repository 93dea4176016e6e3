package dev.hookline.core.fuzz;

import dev.hookline.core.problem.ProblemException;

import java.util.Set;

/** The refusals a fuzz target may end in; anything else thrown is a finding. */
final class Refusals {
    private Refusals() {
    }

    /** A problem whose status is one of {@code allowed}; rethrows anything else so the fuzzer reports it. */
    static void expect(ProblemException e, Set<Integer> allowed) {
        if (!allowed.contains(e.problem().status())) {
            throw new AssertionError("undocumented refusal " + e.problem().status() + ": " + e.problem().detail(), e);
        }
        if (e.problem().detail() == null || e.problem().detail().isBlank()) {
            throw new AssertionError("a refusal without a detail", e);
        }
    }
}
