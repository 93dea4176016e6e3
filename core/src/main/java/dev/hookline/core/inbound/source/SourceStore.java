package dev.hookline.core.inbound.source;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: sources by (tenant, id), and by ingest token hash (the capability lookup, tenant unknown). */
public interface SourceStore {
    void create(Source source);

    Optional<Source> get(String tenantId, String sourceId);

    /** The source a token hash opens, if that hash is its current token or an unexpired previous one. */
    Optional<Source> byTokenHash(String tokenHash, Instant now);

    List<Source> page(String tenantId, String afterId, int limit);

    /** Optimistic: replaces the stored source if its version is {@code source.version()}. */
    boolean update(Source source, Source previous);

    boolean delete(String tenantId, String sourceId);
}
