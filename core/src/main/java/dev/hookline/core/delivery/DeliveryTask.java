package dev.hookline.core.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A delivery queue's message: which delivery to attempt, and on which lane it was queued. Small, so a batch of ten
 * stays tiny. Messages without a lane (older ones, other producers) are fast-lane messages.
 */
public record DeliveryTask(String tenantId, String deliveryId, Lane lane) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public DeliveryTask {
        lane = lane == null ? Lane.FAST : lane;
    }

    public DeliveryTask(String tenantId, String deliveryId) {
        this(tenantId, deliveryId, Lane.FAST);
    }

    public String toJson() {
        ObjectNode node = JSON.createObjectNode().put("tenant_id", tenantId).put("delivery_id", deliveryId);
        if (lane == Lane.SLOW) {
            node.put("lane", "slow");
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
            return new DeliveryTask(node.get("tenant_id").asText(), node.get("delivery_id").asText(), lane);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a delivery task", e);
        }
    }
}
