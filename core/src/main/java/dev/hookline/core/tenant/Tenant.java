package dev.hookline.core.tenant;

import java.time.Instant;

public record Tenant(String id, String name, Instant createdAt) {
}
