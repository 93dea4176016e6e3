package dev.hookline.core.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The delivery queue's message: which delivery to attempt. Small, so a batch of ten stays tiny. With a
 * {@code leaseId} it is the timer of a pull lease instead: when it comes due, an unacknowledged lease counts
 * as a failed attempt.
 */
public record DeliveryTask(String tenantId, String deliveryId, String leaseId) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public DeliveryTask(String tenantId, String deliveryId) {
        this(tenantId, deliveryId, null);
    }

    public String toJson() {
        ObjectNode node = JSON.createObjectNode().put("tenant_id", tenantId).put("delivery_id", deliveryId);
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
            return new DeliveryTask(node.get("tenant_id").asText(), node.get("delivery_id").asText(),
                    node.hasNonNull("lease_id") ? node.get("lease_id").asText() : null);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a delivery task", e);
        }
    }
}
