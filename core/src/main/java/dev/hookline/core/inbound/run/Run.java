package dev.hookline.core.inbound.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.inbound.trigger.Violation;

import java.time.Instant;
import java.util.List;

/** A pipeline run started by a trigger source; its id is the correlation id the caller got back. */
public record Run(String id, String tenantId, String sourceId, String pipeline, String version, JsonNode parameters,
                  String status, List<Violation> violations, String detail, Instant receivedAt, Instant updatedAt,
                  Instant expiresAt) {

    public Run {
        violations = violations == null ? List.of() : List.copyOf(violations);
    }
}
