package dev.hookline.core.problem;

/** Carries a {@link Problem} up to the handler, which renders it as application/problem+json. */
public final class ProblemException extends RuntimeException {
    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
