package dev.hookline.core.delivery;

import dev.hookline.core.endpoint.Endpoint;
import dev.hookline.core.endpoint.EndpointKeys;
import dev.hookline.core.outbound.AttemptClassifier;
import dev.hookline.core.outbound.AttemptOutcome;
import dev.hookline.core.outbound.ClientIdentity;
import dev.hookline.core.outbound.FailureKind;

import java.time.Instant;

/**
 * The send side of an attempt: the request signed with the endpoint's keys, sent with its client identity, and
 * what came back classified. Records nothing: pushes, and test sends, which are recorded nowhere.
 */
public final class AttemptSender {
    private final EndpointKeys keys;
    private final WebhookSender sender;
    private final AttemptClassifier classifier;

    public AttemptSender(EndpointKeys keys, WebhookSender sender, AttemptClassifier classifier) {
        this.keys = keys;
        this.sender = sender;
        this.classifier = classifier;
    }

    /** {@code POST /v1/endpoints/{id}/test}: one signed attempt now, recorded nowhere but the answer. */
    public Attempt once(Endpoint endpoint, Message message, Instant now) {
        OutboundResponse response = send(endpoint, message, now);
        return attempt(1, now, response, classify(response));
    }

    public OutboundResponse send(Endpoint endpoint, Message message, Instant now) {
        OutboundRequest request = DeliveryRequests.signed(endpoint, message, now, keys);
        ClientIdentity identity;
        try {
            identity = keys.clientIdentity(endpoint);
        } catch (RuntimeException e) {
            // Unreadable (Secrets Manager down, secret changed to garbage, expired): a failed attempt that says why.
            return OutboundResponse.failed(FailureKind.TLS_ERROR, "client certificate unavailable: " + e.getMessage(), 0);
        }
        return sender.send(request.withClientIdentity(identity));
    }

    public AttemptOutcome classify(OutboundResponse response) {
        return response.answered()
                ? classifier.classify(response.statusCode(), response.retryAfter())
                : classifier.classify(response.failure());
    }

    /** Attempt {@code n}, made at {@code now}, as it is recorded and shown. */
    public static Attempt attempt(int n, Instant now, OutboundResponse response, AttemptOutcome outcome) {
        return new Attempt(n, now, response.answered() ? response.statusCode() : null, response.latencyMs(),
                response.error(), response.responseExcerpt(), outcome.reason(), response.headersMs());
    }
}
