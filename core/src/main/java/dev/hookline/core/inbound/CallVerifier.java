package dev.hookline.core.inbound;

import dev.hookline.core.crypto.Tokens;
import dev.hookline.core.delivery.EventPublisher;
import dev.hookline.core.delivery.PlatformEventSink;
import dev.hookline.core.inbound.source.IpAllowlist;
import dev.hookline.core.inbound.source.Source;
import dev.hookline.core.inbound.source.SourceJson;
import dev.hookline.core.inbound.source.SourceCounters;
import dev.hookline.core.inbound.source.VerificationSettings;
import dev.hookline.core.inbound.verify.InboundRequest;
import dev.hookline.core.inbound.verify.SchemeConfig;
import dev.hookline.core.inbound.verify.SchemeFactory;
import dev.hookline.core.inbound.verify.Verification;
import dev.hookline.core.inbound.verify.VerificationFailure;
import dev.hookline.core.inbound.verify.VerificationScheme;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.ProblemType;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The verify side of ingest: what a source refuses before anything is kept (size, address, client certificate,
 * every verification mechanism it requires), the failures it counts and reports, and the handshakes it answers.
 */
public final class CallVerifier {
    /** A call that passed: the request as verified, the source's first scheme (it keys dedup), and any handshake. */
    record Checked(InboundRequest request, VerificationScheme scheme, Optional<String> handshake) {
    }

    private final VerificationSettings verification;
    private final SchemeFactory schemes;
    private final Function<String, String> secretValue;
    private final SourceCounters counters;
    private final EventPublisher events;

    public CallVerifier(VerificationSettings verification, SchemeFactory schemes, Function<String, String> secretValue,
                        SourceCounters counters, EventPublisher events) {
        this.verification = verification;
        this.schemes = schemes;
        this.secretValue = secretValue;
        this.counters = counters;
        this.events = events;
    }

    Checked check(Source source, IngestCall call, Instant now) {
        if (call.body().length > source.maxBodyBytes()) {
            throw Problem.of(ProblemType.PAYLOAD_TOO_LARGE, "This source accepts bodies up to " + source.maxBodyBytes()
                    + " bytes; this one has " + call.body().length + ".").toException();
        }
        if (!IpAllowlist.of(source.ipAllowlist()).allows(call.sourceIp())) {
            throw Problem.of(ProblemType.FORBIDDEN, "Calls from this address are not allowed for this source.").toException();
        }
        if (source.requireClientCert() && (call.clientCertSubject() == null
                || !Tokens.constantTimeEquals(source.clientCertSubject(), call.clientCertSubject()))) {
            throw Problem.of(ProblemType.FORBIDDEN, "This source requires a trusted client certificate.").toException();
        }
        InboundRequest request = InboundRequest.of(call.method(), call.url(), call.headers(), call.body(), call.sourceIp());
        // Every mechanism the source requires must pass (HMAC and a bearer token, say); the first failure decides.
        List<SchemeConfig> configs = verification.openAll(source, secretValue);
        VerificationScheme scheme = null;
        for (SchemeConfig config : configs) {
            VerificationScheme mechanism = schemes.create(config);
            scheme = scheme == null ? mechanism : scheme;
            Verification verified = mechanism.verify(request, now);
            if (!verified.verified()) {
                refuse(source, config, request, verified, now);
            }
        }
        for (SchemeConfig config : configs) {
            Optional<String> handshake = Handshakes.answer(config, request);
            if (handshake.isPresent()) {
                return new Checked(request, scheme, handshake);
            }
        }
        return new Checked(request, scheme, Optional.empty());
    }

    private void refuse(Source source, SchemeConfig config, InboundRequest request, Verification verified,
                        Instant now) {
        long thisHour = counters.verificationFailed(source, verified.code(), now);
        try {
            counters.keepFailure(source, VerificationFailure.of(config, request, verified, now), thisHour);
        } catch (RuntimeException notKept) {
            // Diagnostics only: the caller's answer is the 401 either way.
        }
        if (thisHour == IngestService.VERIFICATION_FAILING_THRESHOLD) {
            // Exactly once per source and hour: the count passes the threshold only once.
            new PlatformEventSink(events).publish(source.tenantId(), "source.verification_failing",
                    SourceJson.MAPPER.createObjectNode().put("source_id", source.id()).put("name", source.name())
                            .put("failures_this_hour", thisHour).put("last_reason", verified.code()).toString()); // ids and codes only: ASCII
        }
        if ("key_unavailable".equals(verified.code())) {
            throw IngestService.unavailable("The keys to verify this call could not be fetched.");
        }
        throw Problem.of(ProblemType.UNAUTHORIZED, "The call's signature did not verify (" + verified.code() + ").").toException();
    }
}
