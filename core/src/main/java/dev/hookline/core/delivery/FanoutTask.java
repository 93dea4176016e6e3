package dev.hookline.core.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The fan-out queue's message: a published message to expand into deliveries. */
public record FanoutTask(String tenantId, String messageId) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public String toJson() {
        return JSON.createObjectNode().put("tenant_id", tenantId).put("message_id", messageId).toString();
    }

    public static FanoutTask fromJson(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.hasNonNull("tenant_id") || !node.hasNonNull("message_id")) {
                throw new IllegalArgumentException("Not a fan-out task");
            }
            return new FanoutTask(node.get("tenant_id").asText(), node.get("message_id").asText());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a fan-out task", e);
        }
    }
}
