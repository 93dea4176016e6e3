package dev.hookline.core.inbound.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.access.Caller;
import dev.hookline.core.audit.AuditTrail;
import dev.hookline.core.crypto.Tokens;
import dev.hookline.core.id.IdPrefix;
import dev.hookline.core.id.Ids;
import dev.hookline.core.stats.StatsWindow;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.Problem.FieldError;
import dev.hookline.core.problem.ProblemType;
import dev.hookline.core.wire.PlainText;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Source lifecycle: create (with its capability token), read, change, rotate the token, delete. Each change is
 * recorded in the audit log ahead of its store write ({@link AuditTrail}).
 */
public final class SourceAdmin {
    public static final Duration DEFAULT_GRACE = Duration.ofHours(24);
    public static final Duration MAX_GRACE = Duration.ofDays(7);
    private static final int MAX_ALLOWLIST = 100;

    public record Created(Source source, String token) {
        @Override
        public String toString() {
            return "Created[" + source.id() + "]";
        }
    }

    private final SourceStore sources;
    private final VerificationSettings verification;
    private final SourceSpecs specs;
    private final Ids ids;
    private final Clock clock;
    private final SecureRandom random;
    private final AuditTrail audit;
    private final SourceCounters counters;

    public SourceAdmin(SourceStore sources, VerificationSettings verification, SourceSpecs specs, Ids ids, Clock clock,
                       SecureRandom random, AuditTrail audit, SourceCounters counters) {
        this.audit = audit;
        this.sources = sources;
        this.verification = verification;
        this.specs = specs;
        this.ids = ids;
        this.clock = clock;
        this.random = random;
        this.counters = counters;
    }

    public Created create(Caller caller, SourceSettings s) {
        List<FieldError> errors = new ArrayList<>();
        if (s.name() == null || s.name().isBlank() || s.name().length() > 200) {
            errors.add(new FieldError("name", "must be 1-200 characters"));
        }
        SourceMode mode = null;
        try {
            mode = s.mode() == null ? null : SourceMode.fromWire(s.mode());
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        if (mode == null) {
            errors.add(new FieldError("mode", "must be 'trigger' or 'stream'"));
        }
        checkCommon(s, mode, errors, VerificationSettings.credentialHeaders(s.verification()));
        if (!errors.isEmpty()) {
            throw Problem.invalid("The source settings are not valid.", errors).toException();
        }
        VerificationSettings.Checked checked = verification.check(s.verification());
        Instant now = clock.instant();
        String id = ids.next(IdPrefix.SOURCE);
        String token = Tokens.generate("", random);
        Source source = new Source(id, caller.tenantId(), s.name().strip(), mode,
                verification.seal(checked.config(), caller.tenantId(), id), checked.scheme(), checked.secretArn(),
                s.ipAllowlist(), s.maxBodyBytes() == null ? Source.DEFAULT_MAX_BODY : s.maxBodyBytes(), s.dedup(),
                mode == SourceMode.TRIGGER ? s.trigger() : null, mode == SourceMode.STREAM ? s.stream() : null,
                Boolean.TRUE.equals(s.requireClientCert()), s.clientCertSubject(), Tokens.sha256Hex(token), null, null,
                now, now, 1);
        audit.recorded(caller, "source.created", "source", id, null, SourceAuditView.of(source), () -> {
            sources.create(source);
            return source;
        });
        return new Created(source, token);
    }

    public Source get(Caller caller, String id) {
        return sources.get(caller.tenantId(), id)
                .orElseThrow(() -> Problem.of(ProblemType.NOT_FOUND, "No source " + id + ".").toException());
    }

    public List<Source> page(Caller caller, String afterId, int limit) {
        return sources.page(caller.tenantId(), afterId, limit);
    }

    public Source update(Caller caller, String id, SourceSettings s) {
        Source current = get(caller, id);
        List<FieldError> errors = new ArrayList<>();
        if (s.mode() != null && !s.mode().equals(current.mode().wire())) {
            errors.add(new FieldError("mode", "cannot change; create a new source"));
        }
        if (s.name() != null && (s.name().isBlank() || s.name().length() > 200)) {
            errors.add(new FieldError("name", "must be 1-200 characters"));
        }
        checkCommon(s, current.mode(), errors, s.verification() != null
                ? VerificationSettings.credentialHeaders(s.verification()) : verification.credentialHeaders(current));
        if (!errors.isEmpty()) {
            throw Problem.invalid("The source settings are not valid.", errors).toException();
        }
        String sealed = verification.resealed(current.sealedVerification(), current.tenantId(), id);
        String scheme = current.verificationScheme();
        String arn = current.secretArn();
        if (s.verification() != null) {
            VerificationSettings.Checked checked = verification.check(s.verification());
            sealed = verification.seal(checked.config(), current.tenantId(), id);
            scheme = checked.scheme();
            arn = checked.secretArn();
        }
        Source changed = new Source(id, current.tenantId(), s.name() == null ? current.name() : s.name().strip(),
                current.mode(), sealed, scheme, arn, s.ipAllowlist() == null ? current.ipAllowlist() : s.ipAllowlist(),
                s.maxBodyBytes() == null ? current.maxBodyBytes() : s.maxBodyBytes(),
                s.dedup() == null ? current.dedup() : s.dedup(),
                current.mode() == SourceMode.TRIGGER && s.trigger() != null ? s.trigger() : current.trigger(),
                current.mode() == SourceMode.STREAM && s.stream() != null ? s.stream() : current.stream(),
                s.requireClientCert() == null ? current.requireClientCert() : s.requireClientCert(),
                s.clientCertSubject() == null ? current.clientCertSubject() : s.clientCertSubject(),
                current.tokenHash(), current.previousTokenHash(), current.previousTokenExpiresAt(),
                current.createdAt(), clock.instant(), current.version());
        audit.recorded(caller, "source.updated", "source", id, SourceAuditView.of(current), SourceAuditView.of(changed), () -> {
            if (!sources.update(changed, current)) {
                throw Problem.of(ProblemType.CONFLICT, "The source changed while it was being updated; try again.").toException();
            }
            return changed;
        });
        return get(caller, id);
    }

    /** A new token; the old one keeps working for {@code grace} (default 24 h, at most 7 days). */
    public Created rotateToken(Caller caller, String id, Duration grace) {
        Duration g = grace == null ? DEFAULT_GRACE : grace;
        if (g.isNegative() || g.compareTo(MAX_GRACE) > 0) {
            throw Problem.invalid("grace_s must be between 0 and " + MAX_GRACE.toSeconds() + ".",
                    List.of(new FieldError("grace_s", "must be between 0 and " + MAX_GRACE.toSeconds()))).toException();
        }
        Source current = get(caller, id);
        String token = Tokens.generate("", random);
        Instant now = clock.instant();
        Source rotated = new Source(id, current.tenantId(), current.name(), current.mode(), current.sealedVerification(),
                current.verificationScheme(), current.secretArn(), current.ipAllowlist(), current.maxBodyBytes(),
                current.dedup(), current.trigger(), current.stream(), current.requireClientCert(),
                current.clientCertSubject(), Tokens.sha256Hex(token), current.tokenHash(), now.plus(g),
                current.createdAt(), now, current.version());
        audit.recorded(caller, "source.token_rotated", "source", id, SourceAuditView.of(current), SourceAuditView.of(rotated), () -> {
            if (!sources.update(rotated, current)) {
                throw Problem.of(ProblemType.CONFLICT, "The source changed while its token was rotated; try again.").toException();
            }
            return rotated;
        });
        return new Created(get(caller, id), token);
    }

    public void delete(Caller caller, String id) {
        Source current = get(caller, id);
        audit.recorded(caller, "source.deleted", "source", id, SourceAuditView.of(current), null, () -> {
            if (!sources.delete(caller.tenantId(), id)) {
                throw Problem.of(ProblemType.NOT_FOUND, "No source " + id + ".").toException();
            }
            return id;
        });
    }

    /** The source's figures over a recent window: what was shed, quarantined, refused at verification. */
    public record Stats(String sourceId, String window, Instant since, java.util.Map<String, Long> counts) {
    }

    /** Over the windows endpoints' stats use ({@link StatsWindow}); 422 for another. */
    public Stats stats(Caller caller, String id, String window) {
        Source source = get(caller, id);
        StatsWindow w = StatsWindow.fromWire(window == null ? StatsWindow.DEFAULT.wire() : window).orElseThrow(() ->
                Problem.invalid("window must be one of " + String.join(", ", StatsWindow.wireNames()) + ".",
                        List.of(new FieldError("window", "must be one of " + String.join(", ", StatsWindow.wireNames()))))
                        .toException());
        // Hourly buckets: the window starts at the top of its first hour.
        Instant since = clock.instant().minus(w.length()).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        return new Stats(source.id(), w.wire(), since, counters.totals(source, since));
    }

    private void checkCommon(SourceSettings s, SourceMode mode, List<FieldError> errors,
                             java.util.Set<String> credentialHeaders) {
        PlainText.check(errors, "name", s.name(), false);
        PlainText.check(errors, "client_cert_subject", s.clientCertSubject(), false);
        if (s.ipAllowlist() != null) {
            if (s.ipAllowlist().size() > MAX_ALLOWLIST) {
                errors.add(new FieldError("ip_allowlist", "must have at most " + MAX_ALLOWLIST + " entries"));
            }
            for (int i = 0; i < s.ipAllowlist().size(); i++) {
                if (!IpAllowlist.isValid(s.ipAllowlist().get(i))) {
                    errors.add(new FieldError("ip_allowlist[" + i + "]", "must be an IPv4 or IPv6 CIDR block"));
                }
            }
        }
        if (s.maxBodyBytes() != null && (s.maxBodyBytes() < 1 || s.maxBodyBytes() > Source.MAX_BODY)) {
            errors.add(new FieldError("max_body_bytes", "must be between 1 and " + Source.MAX_BODY));
        }
        if (Boolean.TRUE.equals(s.requireClientCert()) && (s.clientCertSubject() == null || s.clientCertSubject().isBlank())) {
            errors.add(new FieldError("client_cert_subject", "is required when require_client_cert is true"));
        }
        errors.addAll(specs.validateDedup(s.dedup()));
        if (mode == SourceMode.TRIGGER) {
            JsonNode trigger = s.trigger();
            if (trigger == null && s.name() != null && s.mode() != null) {
                errors.add(new FieldError("trigger", "is required for a trigger source"));
            } else if (trigger != null) {
                errors.addAll(specs.validateTrigger(trigger));
            }
        }
        if (mode == SourceMode.STREAM && s.stream() != null) {
            errors.addAll(specs.validateStream(s.stream(), credentialHeaders));
        }
        if (mode == SourceMode.TRIGGER && s.stream() != null) {
            errors.add(new FieldError("stream", "applies to stream sources only"));
        }
        if (mode == SourceMode.STREAM && s.trigger() != null) {
            errors.add(new FieldError("trigger", "applies to trigger sources only"));
        }
    }
}
