package dev.hookline.core.inbound;

import dev.hookline.core.crypto.Tokens;
import dev.hookline.core.fault.FaultPoint;
import dev.hookline.core.fault.Faults;
import dev.hookline.core.inbound.source.Source;
import dev.hookline.core.inbound.source.SourceMode;
import dev.hookline.core.inbound.source.SourceStore;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.ProblemException;
import dev.hookline.core.problem.ProblemType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code POST /in/{token}}: find the source by its token, refuse what it does not accept (size, IP,
 * client certificate, signature), answer handshakes, claim the dedup key, then queue a run or the stream's
 * records - and answer 2xx only after SQS acknowledged all of them. The claim is a lease until then: a copy of
 * the call arriving meanwhile gets 409 with Retry-After, never "duplicate". If SQS fails the claim is released
 * and the caller gets 503 with Retry-After, so its retry is accepted rather than taken for a duplicate; if the
 * function dies, the lease runs out and the retry is accepted the same way. The seams: {@link CallVerifier}
 * (refuse or verify), {@link IngestDedup} (the claim), {@link TriggerIntake} or {@link StreamIntake} (queue).
 */
public final class IngestService {
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    /**
     * How long a call holds its dedup claim before a retry may take over: longer than the ingest function may run
     * (its template Timeout; TemplateTest checks), so a live call never loses its claim to its own retry.
     */
    public static final Duration CLAIM_LEASE = Duration.ofSeconds(15);
    /** Failed verifications in an hour that make a source report itself (once that hour). */
    public static final long VERIFICATION_FAILING_THRESHOLD = 10;

    private final SourceStore sources;
    private final CallVerifier verifier;
    private final IngestDedup dedup;
    private final TriggerIntake triggers;
    private final StreamIntake streams;
    private final Clock clock;

    public IngestService(SourceStore sources, CallVerifier verifier, IngestDedup dedup, TriggerIntake triggers,
                         StreamIntake streams, Clock clock) {
        this.sources = sources;
        this.verifier = verifier;
        this.dedup = dedup;
        this.triggers = triggers;
        this.streams = streams;
        this.clock = clock;
    }

    /** The source a call reached, for logging; empty for an unknown token. */
    public record Result(Optional<Source> source, IngestOutcome outcome) {
    }

    public Result ingest(IngestCall call) {
        Instant now = clock.instant();
        Source source = sources.byTokenHash(Tokens.sha256Hex(call.token()), now)
                .orElseThrow(() -> Problem.of(ProblemType.NOT_FOUND, "No source answers at this ingest URL.").toException());
        try {
            return new Result(Optional.of(source), accept(source, call, now));
        } catch (ProblemException e) {
            throw new SourceProblem(source, e);
        }
    }

    /** A refusal that knows its source (the handler logs the source id, never the body). */
    public static final class SourceProblem extends RuntimeException {
        private final transient Source source;
        private final ProblemException problem;

        SourceProblem(Source source, ProblemException problem) {
            super(problem.getMessage(), null, false, false);
            this.source = source;
            this.problem = problem;
        }

        public Source source() {
            return source;
        }

        public ProblemException problem() {
            return problem;
        }
    }

    private IngestOutcome accept(Source source, IngestCall call, Instant now) {
        CallVerifier.Checked checked = verifier.check(source, call, now);
        if (checked.handshake().isPresent()) {
            return new IngestOutcome.Handshake(checked.handshake().get());
        }
        String key = dedup.key(source, checked.scheme(), checked.request());
        String id;
        boolean resumed;
        switch (dedup.claim(source, key, now)) {
            case DedupStore.Done done -> {
                return new IngestOutcome.Duplicate(done.recordId());
            }
            case DedupStore.InFlight inFlight -> throw inFlight(inFlight, now);
            case DedupStore.Claimed claimed -> {
                id = claimed.recordId();
                resumed = claimed.resumed();
            }
        }
        Faults.at(FaultPoint.INGEST_AFTER_CLAIM);
        // An Error (a crash) passes through both catches on purpose: a dead function releases nothing, and its lease
        // runs out instead, after which the sender's retry resumes with the same id.
        IngestOutcome outcome;
        try {
            outcome = source.mode() == SourceMode.TRIGGER
                    ? triggers.accept(source, call, id, resumed, now)
                    : streams.accept(source, call, id, key, now);
        } catch (ProblemException refused) {
            dedup.release(key, id);
            throw refused;
        } catch (RuntimeException queueFailed) {
            dedup.release(key, id);
            throw unavailable("The call could not be queued; it was not accepted. Retry shortly.");
        }
        dedup.commit(source, key, id, now);
        return outcome;
    }

    /** 409 while the first copy of a call is still being queued: retry once its lease has run out. */
    private ProblemException inFlight(DedupStore.InFlight inFlight, Instant now) {
        long millis = Math.max(0, Duration.between(now, inFlight.leaseUntil()).toMillis());
        int seconds = (int) Math.max(1, (millis + 999) / 1000);
        return new ProblemException(Problem.of(ProblemType.CONFLICT, "An identical call (same dedup key) is still being"
                + " queued; it has not been accepted yet. Retry after " + seconds + " s: it is then a duplicate if the"
                + " first one succeeded, or accepted if it did not."), seconds);
    }

    static ProblemException unavailable(String detail) {
        return new ProblemException(Problem.of(ProblemType.UNAVAILABLE, detail), (int) RETRY_AFTER.toSeconds());
    }
}
