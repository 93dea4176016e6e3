package dev.hookline.core.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The delivery queue's message: which delivery to attempt. Small, so a batch of ten stays tiny. */
public record DeliveryTask(String tenantId, String deliveryId) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public String toJson() {
        return JSON.createObjectNode().put("tenant_id", tenantId).put("delivery_id", deliveryId).toString();
    }

    public static DeliveryTask fromJson(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.hasNonNull("tenant_id") || !node.hasNonNull("delivery_id")) {
                throw new IllegalArgumentException("Not a delivery task");
            }
            return new DeliveryTask(node.get("tenant_id").asText(), node.get("delivery_id").asText());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a delivery task", e);
        }
    }
}
