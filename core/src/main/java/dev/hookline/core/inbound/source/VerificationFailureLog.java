package dev.hookline.core.inbound.source;

import dev.hookline.core.inbound.verify.VerificationFailure;

import java.util.List;

/** Port: a source's most recent failed verifications, newest first (bounded: ingest keeps the last ones only). */
public interface VerificationFailureLog {
    int KEPT = 20;

    List<VerificationFailure> last(String tenantId, String sourceId, int limit);
}
