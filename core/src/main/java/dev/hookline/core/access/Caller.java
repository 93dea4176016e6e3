package dev.hookline.core.access;

/** Who is calling the management API: the tenant comes only from the credential, never from the request. */
public record Caller(String tenantId, String apiKeyId) {
}
