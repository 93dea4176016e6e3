package dev.hookline.functions.api;

import dev.hookline.core.delivery.Attempt;
import dev.hookline.core.delivery.Delivery;
import dev.hookline.core.endpoint.Endpoint;

import java.util.List;
import java.util.Map;

/** The API's JSON shapes (snake_case on the wire through {@code Json.MAPPER}). */
final class Views {
    private Views() {
    }

    record RetryView(long initialBackoffS, double multiplier, int maxAttempts, long maxBackoffS) {
    }

    record SigningView(boolean asymmetric, String publicKey) {
    }

    record HealthView(String state, String since, String reason, int consecutiveFailures, String nextProbeAt) {
    }

    record BreakerView(int consecutiveFailuresToOpen, double failureRateToOpen, long rateWindowS, int minimumAttempts,
                       long probeAfterS, int successesToClose, long disableAfterS) {
    }

    record EndpointView(String id, String name, String delivery, String url, String description, List<String> eventTypes,
                        boolean enabled, String disabledReason, Map<String, String> headers, RetryView retry,
                        long timeoutMs, SigningView signing, HealthView health, BreakerView breaker,
                        boolean eventTypeHeader, String createdAt, String updatedAt, String secret,
                        ClientCertificateView clientCertificate) {
    }

    /** What is shown of an endpoint's client certificate: public facts, never the key. */
    record ClientCertificateView(String subject, String issuer, String notAfter, String fingerprintSha256,
                                 String secretArn) {
        static ClientCertificateView of(dev.hookline.core.endpoint.ClientCertificate c) {
            return c == null ? null : new ClientCertificateView(c.subject(), c.issuer(), c.notAfter().toString(),
                    c.fingerprintSha256(), c.secretArn());
        }
    }

    static EndpointView endpoint(Endpoint e, String secret) {
        var h = e.health();
        var b = e.breaker();
        return new EndpointView(e.id(), e.name(), e.pull() ? "pull" : "push", e.url(), e.description(), e.eventTypes(), e.enabled(), e.disabledReason(),
                e.headers(), new RetryView(e.retry().initialBackoff().toSeconds(), e.retry().multiplier(),
                e.retry().maxAttempts(), e.retry().maxBackoff().toSeconds()), e.timeout().toMillis(),
                new SigningView(e.asymmetric(), e.publicKey()),
                new HealthView(h.state(), h.since() == null ? null : h.since().toString(), h.reason(), h.consecutiveFailures(),
                        h.probeAt() == null || !"paused".equals(h.state()) ? null : h.probeAt().toString()),
                new BreakerView(b.consecutiveFailuresToOpen(), b.failureRateToOpen(), b.rateWindow().toSeconds(),
                        b.minimumAttempts(), b.probeAfter().toSeconds(), b.successesToClose(), b.disableAfter().toSeconds()),
                e.eventTypeHeader(), e.createdAt().toString(), e.updatedAt().toString(), secret,
                ClientCertificateView.of(e.clientCertificate()));
    }

    record AttemptView(int n, String at, Integer statusCode, long latencyMs, Long headersMs, String error,
                       String responseExcerpt, String outcome) {
    }

    static AttemptView attempt(Attempt a) {
        return new AttemptView(a.n(), a.at().toString(), a.statusCode(), a.latencyMs(), a.headersMs(), a.error(),
                a.responseExcerpt(), a.outcome());
    }

    record DeliveryView(String id, String messageId, String endpointId, String eventType, String status,
                        int attemptCount, String nextAttemptAt, boolean parked, String lastError, String createdAt,
                        String updatedAt, List<AttemptView> attempts) {
    }

    static DeliveryView delivery(Delivery d, List<Attempt> attempts) {
        return new DeliveryView(d.id(), d.messageId(), d.endpointId(), d.eventType(), d.status().wire(),
                d.attemptCount(), d.nextAttemptAt() == null ? null : d.nextAttemptAt().toString(), d.parked(),
                d.lastError(), d.createdAt().toString(), d.updatedAt().toString(),
                attempts == null ? null : attempts.stream().map(Views::attempt).toList());
    }
}
