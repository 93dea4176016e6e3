package dev.hookline.core.audit;

import com.fasterxml.jackson.databind.JsonNode;

/** One changed field of an audited target: its value before and after, already redacted (null: absent). */
public record AuditChange(String field, JsonNode before, JsonNode after) {
}
