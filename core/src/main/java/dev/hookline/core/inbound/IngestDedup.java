package dev.hookline.core.inbound;

import dev.hookline.core.id.IdPrefix;
import dev.hookline.core.id.Ids;
import dev.hookline.core.inbound.source.Source;
import dev.hookline.core.inbound.source.SourceMode;
import dev.hookline.core.inbound.source.SourceSpecs;
import dev.hookline.core.inbound.verify.InboundRequest;
import dev.hookline.core.inbound.verify.VerificationScheme;

import java.time.Instant;

/**
 * The dedupe side of ingest: a call's dedup key, held as a lease while the call is queued, then committed for the
 * source's dedup window or released so the sender's retry is accepted. The id a call gets is claimed with its key,
 * so a retry that resumes a call that died keeps that call's id.
 */
public final class IngestDedup {
    private final DedupStore store;
    private final SourceSpecs specs;
    private final Ids ids;

    public IngestDedup(DedupStore store, SourceSpecs specs, Ids ids) {
        this.store = store;
        this.specs = specs;
        this.ids = ids;
    }

    String key(Source source, VerificationScheme scheme, InboundRequest request) {
        return "S#" + source.id() + "#D#" + DedupKeys.keyFor(specs.dedupSource(source), scheme.type(), request);
    }

    DedupStore.Claim claim(Source source, String key, Instant now) {
        String freshId = ids.next(source.mode() == SourceMode.TRIGGER ? IdPrefix.RUN : IdPrefix.RECORD);
        return store.claim(key, freshId, now, now.plus(IngestService.CLAIM_LEASE), now.plus(specs.dedupWindow(source)));
    }

    void release(String key, String id) {
        store.release(key, id);
    }

    void commit(Source source, String key, String id, Instant now) {
        store.commit(key, id, now.plus(specs.dedupWindow(source)));
    }
}
