package dev.hookline.core.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A delivery queue's message: which delivery to attempt, on which lane it was queued, and (when the producer knows
 * it) the endpoint, so a delivery to an endpoint known to be slow is passed to the slow lane without touching the
 * store. Small, so a batch of ten stays tiny. Messages without a lane are fast-lane messages; without an endpoint,
 * the worker learns it from the delivery. A {@code manual} task is a tenant's "retry now": it is attempted even while
 * the endpoint's circuit is open, and its outcome counts like a probe's. With a {@code leaseId} it is the timer of a
 * pull lease instead: when it comes due, an unacknowledged lease counts as a failed attempt.
 */
public record DeliveryTask(String tenantId, String deliveryId, Lane lane, String endpointId, boolean manual,
                           String leaseId) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public DeliveryTask {
        lane = lane == null ? Lane.FAST : lane;
    }

    public DeliveryTask(String tenantId, String deliveryId, Lane lane, String endpointId) {
        this(tenantId, deliveryId, lane, endpointId, false, null);
    }

    public DeliveryTask(String tenantId, String deliveryId) {
        this(tenantId, deliveryId, Lane.FAST, null);
    }

    /** A tenant's manual retry of the delivery. */
    public static DeliveryTask manual(String tenantId, String deliveryId) {
        return new DeliveryTask(tenantId, deliveryId, Lane.FAST, null, true, null);
    }

    public DeliveryTask(String tenantId, String deliveryId, String endpointId) {
        this(tenantId, deliveryId, Lane.FAST, endpointId);
    }

    /** The timer of a pull lease: it comes back when the lease ends. */
    public static DeliveryTask leaseTimer(String tenantId, String deliveryId, String leaseId) {
        return new DeliveryTask(tenantId, deliveryId, Lane.FAST, null, false, leaseId);
    }

    /** The same delivery, queued on another lane. */
    public DeliveryTask on(Lane other) {
        return new DeliveryTask(tenantId, deliveryId, other, endpointId, manual, leaseId);
    }

    public String toJson() {
        ObjectNode node = JSON.createObjectNode().put("tenant_id", tenantId).put("delivery_id", deliveryId);
        if (endpointId != null) {
            node.put("endpoint_id", endpointId);
        }
        if (lane == Lane.SLOW) {
            node.put("lane", "slow");
        }
        if (manual) {
            node.put("manual", true);
        }
        if (leaseId != null) {
            node.put("lease_id", leaseId);
        }
        return node.toString();
    }

    public static DeliveryTask fromJson(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.hasNonNull("tenant_id") || !node.hasNonNull("delivery_id")) {
                throw new IllegalArgumentException("Not a delivery task");
            }
            Lane lane = "slow".equals(node.path("lane").asText()) ? Lane.SLOW : Lane.FAST;
            String endpointId = node.hasNonNull("endpoint_id") ? node.get("endpoint_id").asText() : null;
            return new DeliveryTask(node.get("tenant_id").asText(), node.get("delivery_id").asText(), lane, endpointId,
                    node.path("manual").asBoolean(false),
                    node.hasNonNull("lease_id") ? node.get("lease_id").asText() : null);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a delivery task", e);
        }
    }
}
