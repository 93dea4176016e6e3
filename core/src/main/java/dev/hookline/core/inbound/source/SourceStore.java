package dev.hookline.core.inbound.source;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: sources by (tenant, id), and by ingest token hash (the capability lookup, tenant unknown). */
public interface SourceStore {
    void create(Source source);

    Optional<Source> get(String tenantId, String sourceId);

    /** Which source a token hash was issued to (a lookup that never changes for a hash); empty if unknown or expired. */
    Optional<TokenOwner> tokenOwner(String tokenHash, Instant now);

    /**
     * The source a token hash opens, if that hash is its current token or an unexpired previous one: the source is
     * read (consistently) every time, so a rotated or deleted source refuses its old token at once.
     */
    default Optional<Source> byTokenHash(String tokenHash, Instant now) {
        if (tokenHash == null || tokenHash.isEmpty()) {
            return Optional.empty();
        }
        return tokenOwner(tokenHash, now).flatMap(owner -> get(owner.tenantId(), owner.sourceId()))
                .filter(source -> source.opensWith(tokenHash, now));
    }

    /** The source a token was issued to. */
    record TokenOwner(String tenantId, String sourceId) {
    }

    List<Source> page(String tenantId, String afterId, int limit);

    /** Optimistic: replaces the stored source if its version is {@code source.version()}. */
    boolean update(Source source, Source previous);

    boolean delete(String tenantId, String sourceId);
}
