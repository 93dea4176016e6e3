package dev.hookline.core.delivery;

/** A published message to expand into deliveries, as the change stream names it. */
public record FanoutTask(String tenantId, String messageId) {
}
