package dev.hookline.core.inbound.source;

import dev.hookline.core.access.Caller;
import dev.hookline.core.inbound.verify.Diagnosis;
import dev.hookline.core.inbound.verify.InboundRequest;
import dev.hookline.core.inbound.verify.SignatureDoctor;
import dev.hookline.core.inbound.verify.VerificationFailure;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.Problem.FieldError;
import dev.hookline.core.problem.ProblemType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The signature doctor for a tenant's source, with the source's own settings and secrets (which never leave
 * Hookline): why a captured request does not verify, and the source's last failed verifications as ingest kept them.
 */
public final class SourceDiagnostics {
    static final int MAX_HEADERS = 100;
    static final int MAX_HEADER_NAME = 256;
    static final int MAX_HEADER_VALUE = 8192;
    /** Captures older than this are not diagnosed at their own time (nothing is kept longer). */
    static final Duration MAX_AGE = Duration.ofDays(30);

    /** A request as captured: what arrived, and when (null: now). */
    public record Captured(String method, String url, Map<String, String> headers, byte[] body, Instant receivedAt) {
    }

    private final SourceStore sources;
    private final VerificationSettings verification;
    private final Function<String, String> secretValue;
    private final SignatureDoctor doctor;
    private final VerificationFailureLog failures;
    private final Clock clock;

    public SourceDiagnostics(SourceStore sources, VerificationSettings verification, Function<String, String> secretValue,
                             SignatureDoctor doctor, VerificationFailureLog failures, Clock clock) {
        this.sources = sources;
        this.verification = verification;
        this.secretValue = secretValue;
        this.doctor = doctor;
        this.failures = failures;
        this.clock = clock;
    }

    public Diagnosis diagnose(Caller caller, String sourceId, Captured captured) {
        Source source = source(caller, sourceId);
        List<FieldError> errors = new ArrayList<>();
        if (captured.headers().size() > MAX_HEADERS) {
            errors.add(new FieldError("headers", "must have at most " + MAX_HEADERS + " entries"));
        }
        captured.headers().forEach((name, value) -> {
            if (name.isEmpty() || name.length() > MAX_HEADER_NAME || value == null || value.length() > MAX_HEADER_VALUE) {
                errors.add(new FieldError("headers." + (name.length() > 40 ? name.substring(0, 40) + "…" : name),
                        "names are 1-" + MAX_HEADER_NAME + " characters, values at most " + MAX_HEADER_VALUE));
            }
        });
        Instant now = clock.instant();
        Instant at = captured.receivedAt() == null ? now : captured.receivedAt();
        if (at.isAfter(now.plusSeconds(60)) || at.isBefore(now.minus(MAX_AGE))) {
            errors.add(new FieldError("received_at", "must be within the last " + MAX_AGE.toDays() + " days"));
        }
        if (!errors.isEmpty()) {
            throw Problem.invalid("The captured request is not valid.", errors).toException();
        }
        if (captured.body().length > source.maxBodyBytes()) {
            throw Problem.of(ProblemType.PAYLOAD_TOO_LARGE, "This source accepts bodies up to " + source.maxBodyBytes()
                    + " bytes; the captured one has " + captured.body().length + ".").toException();
        }
        InboundRequest request = InboundRequest.of(captured.method() == null ? "POST" : captured.method(),
                captured.url() == null ? "https://hookline.invalid/in/" + source.id() : captured.url(),
                captured.headers(), captured.body(), "");
        return doctor.diagnose(verification.open(source, secretValue), request, at);
    }

    public List<VerificationFailure> failures(Caller caller, String sourceId) {
        Source source = source(caller, sourceId);
        return failures.last(source.tenantId(), source.id(), VerificationFailureLog.KEPT);
    }

    private Source source(Caller caller, String sourceId) {
        return sources.get(caller.tenantId(), sourceId)
                .orElseThrow(() -> Problem.of(ProblemType.NOT_FOUND, "No source " + sourceId + ".").toException());
    }
}
