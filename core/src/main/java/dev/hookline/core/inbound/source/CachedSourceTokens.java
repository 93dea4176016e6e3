package dev.hookline.core.inbound.source;

import dev.hookline.core.cache.TtlCache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The source store with the first half of the capability lookup, token hash -> (tenant, source), kept in the
 * execution environment: it saves ingest one DynamoDB read per call. Only that mapping is cached, never the source:
 * a hash is issued to one source for good, so a cached owner is never wrong, only possibly stale in that the token
 * was since rotated away, expired or its source deleted - and the source itself is still read consistently on every
 * call and must accept the hash ({@link Source#opensWith}), so such a token is refused at once, in every environment.
 * Unknown hashes are not cached (a new source's URL works at once) and cannot fill the cache.
 */
public final class CachedSourceTokens implements SourceStore {
    /** Bounds memory, not correctness (see above); an hour keeps a busy source's owner warm. */
    static final Duration TTL = Duration.ofHours(1);
    static final int MAX_TOKENS = 10_000;

    private final SourceStore store;
    private final TtlCache<String, TokenOwner> owners;

    public CachedSourceTokens(SourceStore store, Clock clock) {
        this.store = store;
        this.owners = new TtlCache<>(TTL, MAX_TOKENS, clock);
    }

    @Override
    public Optional<TokenOwner> tokenOwner(String tokenHash, Instant now) {
        return Optional.ofNullable(owners.get(tokenHash, hash -> store.tokenOwner(hash, now).orElse(null)));
    }

    @Override
    public void create(Source source) {
        store.create(source);
    }

    @Override
    public Optional<Source> get(String tenantId, String sourceId) {
        return store.get(tenantId, sourceId);
    }

    @Override
    public List<Source> page(String tenantId, String afterId, int limit) {
        return store.page(tenantId, afterId, limit);
    }

    @Override
    public boolean update(Source source, Source previous) {
        return store.update(source, previous);
    }

    @Override
    public boolean delete(String tenantId, String sourceId) {
        return store.delete(tenantId, sourceId);
    }
}
