package dev.hookline.core.delivery;

import dev.hookline.core.access.Caller;
import dev.hookline.core.endpoint.Endpoint;
import dev.hookline.core.endpoint.EndpointAdmin;
import dev.hookline.core.id.IdPrefix;
import dev.hookline.core.id.Ids;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.ProblemType;
import dev.hookline.core.wire.WireJson;

import java.time.Clock;
import java.time.Instant;

/**
 * {@code webhook.test}: one signed event sent at once to one endpoint, whatever its event types, so a tenant sees
 * what its receiver answers. Not stored and not retried: the answer is the attempt itself.
 */
public final class TestSend {
    public static final String EVENT_TYPE = "webhook.test";
    public static final String MESSAGE = "This is a test event from Hookline.";

    private final EndpointAdmin endpoints;
    private final AttemptSender sender;
    private final Ids ids;
    private final Clock clock;

    public TestSend(EndpointAdmin endpoints, AttemptSender sender, Ids ids, Clock clock) {
        this.endpoints = endpoints;
        this.sender = sender;
        this.ids = ids;
        this.clock = clock;
    }

    /** 404 for another tenant's endpoint; 409 for a pull endpoint, which nothing is sent to. */
    public Attempt send(Caller caller, String endpointId) {
        Endpoint endpoint = endpoints.get(caller, endpointId);
        if (endpoint.pull()) {
            throw Problem.of(ProblemType.CONFLICT, "Endpoint " + endpoint.id() + " is a pull endpoint: nothing is sent "
                    + "to it. Publish an event and pull it (GET /v1/endpoints/" + endpoint.id() + "/pull).").toException();
        }
        Instant now = clock.instant();
        String data = WireJson.MAPPER.createObjectNode().put("endpoint_id", endpoint.id()).put("message", MESSAGE)
                .toString();
        return sender.once(endpoint, new Message(ids.next(IdPrefix.MESSAGE), endpoint.tenantId(), EVENT_TYPE, data,
                now, now), clock.instant());
    }
}
