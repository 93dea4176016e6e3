package dev.hookline.core.endpoint;

/**
 * Port: an endpoint's delivery history, which goes with it when it is deleted. The deliveries are the delivery
 * side's (its {@code DeliveryStore} extends this), so an endpoint names only what it asks of them.
 */
public interface EndpointHistory {
    /** Deletes every delivery (and attempt) of the endpoint; returns how many deliveries were removed. */
    int deleteByEndpoint(String tenantId, String endpointId);
}
