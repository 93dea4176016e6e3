package dev.hookline.core.endpoint;

import dev.hookline.core.access.Caller;
import dev.hookline.core.audit.AuditTrail;
import dev.hookline.core.id.IdPrefix;
import dev.hookline.core.id.Ids;
import dev.hookline.core.outbound.RetryPolicy;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.ProblemType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Endpoint lifecycle for a tenant: create (with signing keys), read, change, enable/disable, delete, rotate the
 * secret, set the client certificate. Every change is recorded in the audit log here, ahead of its store write
 * (see {@link AuditTrail}), so no route can change an endpoint unaudited.
 */
public final class EndpointAdmin {
    public record Created(Endpoint endpoint, String secret) {
        @Override
        public String toString() {
            return "Created[" + endpoint.id() + "]";
        }
    }

    public record Secrets(String secret, String publicKey) {
        @Override
        public String toString() {
            return "Secrets[publicKey=" + publicKey + "]";
        }
    }

    private final EndpointStore endpoints;
    private final EndpointHistory deliveries;
    private final ParkedDeliveries replay;
    private final EndpointKeys keys;
    private final EndpointValidation validation;
    private final Ids ids;
    private final Clock clock;
    private final AuditTrail audit;

    public EndpointAdmin(EndpointStore endpoints, EndpointHistory deliveries, ParkedDeliveries replay, EndpointKeys keys,
                         EndpointValidation validation, Ids ids, Clock clock, AuditTrail audit) {
        this.audit = audit;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.replay = replay;
        this.keys = keys;
        this.validation = validation;
        this.ids = ids;
        this.clock = clock;
    }

    public Created create(Caller caller, EndpointSettings s) {
        return create(caller, s, null);
    }

    /** A new endpoint, presenting {@code certificate} to its receiver when given (mutual TLS). */
    public Created create(Caller caller, EndpointSettings s, ClientCertificateSettings certificate) {
        RetryPolicy retry = s.retry() == null ? RetryPolicy.DEFAULT : s.retry().over(RetryPolicy.DEFAULT);
        BreakerSettings breaker = s.breaker() == null ? BreakerSettings.DEFAULT : s.breaker().over(BreakerSettings.DEFAULT);
        validation.check(s, retry, breaker, true);
        Instant now = clock.instant();
        String id = ids.next(IdPrefix.ENDPOINT);
        EndpointKeys.Generated generated = keys.generate(caller.tenantId(), id, Boolean.TRUE.equals(s.asymmetric()),
                s.secret());
        Endpoint endpoint = new Endpoint(id, caller.tenantId(), Boolean.TRUE.equals(s.pull()) ? null : s.url().strip(),
                s.description(),
                s.eventTypes(), s.enabled() == null || s.enabled(), s.enabled() == null || s.enabled() ? null : "disabled by the tenant",
                s.headers(), retry,
                Duration.ofMillis(s.timeoutMs() == null ? EndpointValidation.DEFAULT_TIMEOUT_MS : s.timeoutMs()),
                generated.sealedSecret(), generated.sealedSigningKey(), generated.publicKey(), now, now, 1,
                EndpointHealth.healthy(now), breaker, null, null, s.name(),
                Boolean.TRUE.equals(s.eventTypeHeader()),
                certificate == null ? null : clientCertificate(caller.tenantId(), id, certificate));
        audit.recorded(caller, "endpoint.created", "endpoint", id, null, EndpointAuditView.of(endpoint), () -> {
            endpoints.create(endpoint);
            return endpoint;
        });
        return new Created(endpoint, generated.secret());
    }

    public Endpoint get(Caller caller, String id) {
        return endpoints.get(caller.tenantId(), id).orElseThrow(() -> notFound(id));
    }

    public List<Endpoint> page(Caller caller, String afterId, int limit) {
        return endpoints.page(caller.tenantId(), afterId, limit);
    }

    public Endpoint update(Caller caller, String id, EndpointSettings patch) {
        return update(caller, id, patch, "endpoint.updated");
    }

    private Endpoint update(Caller caller, String id, EndpointSettings patch, String action) {
        Endpoint before = get(caller, id);
        validation.check(patch, patch.retry() == null ? null : patch.retry().over(before.retry()),
                patch.breaker() == null ? null : patch.breaker().over(before.breaker()), false);
        if (patch.asymmetric() != null && patch.asymmetric() != before.asymmetric()) {
            throw Problem.invalid("Signing keys are fixed when an endpoint is created.", List.of(new Problem.FieldError(
                    "signing.asymmetric", "cannot be changed; create a new endpoint for a different signing mode")))
                    .toException();
        }
        if ((patch.pull() != null && patch.pull() != before.pull()) || (before.pull() && patch.url() != null)) {
            throw Problem.invalid("Push or pull is fixed when an endpoint is created.", List.of(new Problem.FieldError(
                    patch.pull() != null ? "delivery" : "url", "cannot be changed; a pull endpoint has no URL, and a push "
                    + "endpoint always has one: create a new endpoint for the other mode"))).toException();
        }
        try (AuditTrail.Pending entry = audit.begin(caller, action, "endpoint", id)) {
            for (int tries = 0; tries < 3; tries++) {
                Endpoint current = get(caller, id);
                boolean enabled = patch.enabled() == null ? current.enabled() : patch.enabled();
                Endpoint changed = new Endpoint(current.id(), current.tenantId(),
                        patch.url() == null ? current.url() : patch.url().strip(),
                        patch.description() == null ? current.description() : patch.description(),
                        patch.eventTypes() == null ? current.eventTypes() : patch.eventTypes(),
                        enabled, enabled ? null : (current.enabled() ? "disabled by the tenant" : current.disabledReason()),
                        patch.headers() == null ? current.headers() : patch.headers(),
                        patch.retry() == null ? current.retry() : patch.retry().over(current.retry()),
                        patch.timeoutMs() == null ? current.timeout() : Duration.ofMillis(patch.timeoutMs()),
                        current.sealedSecret(), current.sealedSigningKey(), current.publicKey(),
                        current.createdAt(), clock.instant(), current.version(),
                        // Enabling an endpoint starts it healthy again; anything else keeps its health as it is.
                        enabled && !current.enabled() ? EndpointHealth.healthy(clock.instant()) : current.health(),
                        patch.breaker() == null ? current.breaker() : patch.breaker().over(current.breaker()),
                        current.previousSealedSecret(), current.previousSecretExpiresAt(),
                        patch.name() == null ? current.name() : patch.name(),
                        patch.eventTypeHeader() == null ? current.eventTypeHeader() : patch.eventTypeHeader(),
                        current.clientCertificate());
                entry.write(EndpointAuditView.of(current), EndpointAuditView.of(changed));
                if (endpoints.update(keys.resealed(changed))) {
                    entry.applied();
                    if (enabled && !current.enabled()) {
                        replay.replayParked(caller.tenantId(), id);
                    }
                    return get(caller, id);
                }
            }
        }
        throw Problem.of(ProblemType.CONFLICT, "The endpoint changed while it was being updated; try again.").toException();
    }

    public Endpoint setEnabled(Caller caller, String id, boolean enabled) {
        return update(caller, id, new EndpointSettings(null, null, null, enabled, null, null, null, null, null),
                enabled ? "endpoint.enabled" : "endpoint.disabled");
    }

    public void delete(Caller caller, String id) {
        Endpoint current = get(caller, id);
        audit.recorded(caller, "endpoint.deleted", "endpoint", id, EndpointAuditView.of(current), null, () -> {
            // History goes first: a crash in between leaves an endpoint to delete again, never orphaned history.
            deliveries.deleteByEndpoint(caller.tenantId(), id);
            return endpoints.delete(caller.tenantId(), id);
        });
    }

    /** Presents {@code settings}' certificate to the receiver from now on (replacing any other). */
    public Endpoint setClientCertificate(Caller caller, String id, ClientCertificateSettings settings) {
        ClientCertificate certificate = clientCertificate(caller.tenantId(), get(caller, id).id(), settings);
        return replaceCertificate(caller, id, certificate, "endpoint.client_certificate_set");
    }

    /** Stops presenting a client certificate. */
    public Endpoint removeClientCertificate(Caller caller, String id) {
        return replaceCertificate(caller, id, null, "endpoint.client_certificate_removed");
    }

    private Endpoint replaceCertificate(Caller caller, String id, ClientCertificate certificate, String action) {
        try (AuditTrail.Pending entry = audit.begin(caller, action, "endpoint", id)) {
            for (int tries = 0; tries < 3; tries++) {
                Endpoint current = get(caller, id);
                Endpoint changed = current.withClientCertificate(certificate, clock.instant());
                entry.write(EndpointAuditView.of(current), EndpointAuditView.of(changed));
                if (endpoints.update(changed)) {
                    entry.applied();
                    return get(caller, id);
                }
            }
        }
        throw Problem.of(ProblemType.CONFLICT, "The endpoint changed while its certificate was set; try again.")
                .toException();
    }

    private ClientCertificate clientCertificate(String tenantId, String id, ClientCertificateSettings s) {
        boolean inline = s.certificate() != null || s.privateKey() != null;
        if (inline == (s.secretArn() != null)) {
            throw Problem.invalid("Give certificate and private_key, or secret_arn.", List.of(new Problem.FieldError(
                    "client_certificate", "give certificate and private_key (PEM), or secret_arn, not both"))).toException();
        }
        return inline ? keys.certificates().sealed(tenantId, id, s.certificate(), s.privateKey())
                : keys.certificates().referenced(s.secretArn().strip());
    }

    public Secrets secrets(Caller caller, String id) {
        Endpoint endpoint = get(caller, id);
        return new Secrets(keys.secretOf(endpoint), endpoint.publicKey());
    }

    /** How long the previous secret keeps signing after a rotation when the caller does not say. */
    public static final Duration DEFAULT_SECRET_GRACE = Duration.ofHours(24);
    /** The longest grace period a rotation may ask for. */
    public static final Duration MAX_SECRET_GRACE = Duration.ofDays(7);

    /**
     * Replaces the endpoint's signing secret. The current secret becomes the previous one and keeps signing
     * deliveries (alongside the new one) until {@code now + grace}; a rotation during a grace period drops the older
     * previous secret. Returns the endpoint and the new secret, shown in the clear this once.
     */
    public Created rotateSecret(Caller caller, String id, Duration grace) {
        Duration g = grace == null ? DEFAULT_SECRET_GRACE : grace;
        if (g.isNegative() || g.compareTo(MAX_SECRET_GRACE) > 0) {
            throw Problem.invalid("grace_s must be between 0 and " + MAX_SECRET_GRACE.toSeconds() + ".",
                    List.of(new Problem.FieldError("grace_s", "must be between 0 and " + MAX_SECRET_GRACE.toSeconds())))
                    .toException();
        }
        try (AuditTrail.Pending entry = audit.begin(caller, "endpoint.secret_rotated", "endpoint", id)) {
            for (int tries = 0; tries < 3; tries++) {
                Endpoint current = get(caller, id);
                EndpointKeys.Rotated rotated = keys.rotate(current);
                Instant now = clock.instant();
                Endpoint changed = new Endpoint(current.id(), current.tenantId(), current.url(), current.description(),
                        current.eventTypes(), current.enabled(), current.disabledReason(), current.headers(),
                        current.retry(), current.timeout(), rotated.newSealedSecret(), current.sealedSigningKey(),
                        current.publicKey(), current.createdAt(), now, current.version(), current.health(),
                        current.breaker(), current.sealedSecret(), now.plus(g), current.name(),
                        current.eventTypeHeader(), current.clientCertificate());
                entry.write(EndpointAuditView.of(current), EndpointAuditView.of(changed));
                if (endpoints.update(changed)) {
                    entry.applied();
                    return new Created(get(caller, id), rotated.newSecretPlain());
                }
            }
        }
        throw Problem.of(ProblemType.CONFLICT, "The endpoint changed while its secret was rotated; try again.")
                .toException();
    }

    static dev.hookline.core.problem.ProblemException notFound(String id) {
        return Problem.of(ProblemType.NOT_FOUND, "No endpoint " + id + ".").toException();
    }
}
