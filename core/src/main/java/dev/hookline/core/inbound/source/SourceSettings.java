package dev.hookline.core.inbound.source;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** A create or patch request for a source, as the API gives it; null fields are "not given". */
public record SourceSettings(String name, String mode, JsonNode verification, List<String> ipAllowlist,
                             Integer maxBodyBytes, JsonNode dedup, JsonNode trigger, JsonNode stream,
                             Boolean requireClientCert, String clientCertSubject) {
}
