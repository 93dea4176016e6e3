package dev.hookline.core.problem;

/** Carries a {@link Problem} up to the handler, which renders it as application/problem+json. */
public final class ProblemException extends RuntimeException {
    private final Problem problem;
    private final Integer retryAfterSeconds;

    public ProblemException(Problem problem) {
        this(problem, null);
    }

    /** A refusal the caller should retry later (429, 503): the handler sends Retry-After. */
    public ProblemException(Problem problem, Integer retryAfterSeconds) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public java.util.Optional<Integer> retryAfterSeconds() {
        return java.util.Optional.ofNullable(retryAfterSeconds);
    }

    public Problem problem() {
        return problem;
    }
}
