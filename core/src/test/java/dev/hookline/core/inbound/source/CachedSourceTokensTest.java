package dev.hookline.core.inbound.source;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CachedSourceTokensTest {
    /** Token lookups and source reads are counted, as each would be a DynamoDB read. */
    static final class Sources implements SourceStore {
        final Map<String, TokenOwner> tokens = new HashMap<>();
        final Map<String, Source> byId = new HashMap<>();
        int tokenLookups;
        int sourceReads;

        void put(Source source) {
            byId.put(source.tenantId() + "/" + source.id(), source);
            tokens.put(source.tokenHash(), new TokenOwner(source.tenantId(), source.id()));
        }

        @Override
        public Optional<TokenOwner> tokenOwner(String tokenHash, Instant now) {
            tokenLookups++;
            return Optional.ofNullable(tokens.get(tokenHash));
        }

        @Override
        public Optional<Source> get(String tenantId, String sourceId) {
            sourceReads++;
            return Optional.ofNullable(byId.get(tenantId + "/" + sourceId));
        }

        @Override
        public boolean delete(String tenantId, String sourceId) {
            tokens.values().removeIf(o -> o.tenantId().equals(tenantId) && o.sourceId().equals(sourceId));
            return byId.remove(tenantId + "/" + sourceId) != null;
        }

        @Override
        public void create(Source source) {
            put(source);
        }

        @Override
        public List<Source> page(String tenantId, String afterId, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean update(Source source, Source previous) {
            throw new UnsupportedOperationException();
        }
    }

    private static final Instant T0 = Instant.parse("2026-12-03T06:00:00Z");
    private final Sources store = new Sources();
    private final CachedSourceTokens cached = new CachedSourceTokens(store, Clock.fixed(T0, ZoneOffset.UTC));

    private static Source source(String id, String tokenHash, String previousHash, Instant previousExpires) {
        return new Source(id, "ten_a", "s", SourceMode.STREAM, "sealed", "none", null, List.of(), 1024, null, null,
                null, false, null, tokenHash, previousHash, previousExpires, T0, T0, 1);
    }

    @Test
    void aKnownTokensOwnerIsLookedUpOnceButItsSourceIsReadOnEveryCall() {
        store.create(source("src_1", "h1", null, null));
        assertEquals("src_1", cached.byTokenHash("h1", T0).orElseThrow().id());
        assertEquals("src_1", cached.byTokenHash("h1", T0).orElseThrow().id());
        assertEquals(1, store.tokenLookups);
        assertEquals(2, store.sourceReads);
    }

    @Test
    void aTokenRotatedAwayIsRefusedAtOnceAlthoughItsOwnerIsCached() {
        store.create(source("src_1", "h1", null, null));
        cached.byTokenHash("h1", T0);
        // Rotated elsewhere with a 10 s grace for h1, then rotated again: h1 is neither current nor previous.
        store.put(source("src_1", "h2", "h1", T0.plusSeconds(10)));
        assertEquals("src_1", cached.byTokenHash("h1", T0.plusSeconds(9)).orElseThrow().id());
        assertTrue(cached.byTokenHash("h1", T0.plusSeconds(10)).isEmpty(), "grace over");
        store.put(source("src_1", "h3", "h2", T0.plusSeconds(60)));
        assertTrue(cached.byTokenHash("h1", T0).isEmpty(), "no longer the current or previous token");
        assertEquals("src_1", cached.byTokenHash("h3", T0).orElseThrow().id());
    }

    @Test
    void aDeletedSourceRefusesItsCachedTokenAtOnce() {
        store.create(source("src_1", "h1", null, null));
        cached.byTokenHash("h1", T0);
        assertTrue(store.delete("ten_a", "src_1"));
        assertTrue(cached.byTokenHash("h1", T0).isEmpty());
    }

    @Test
    void anUnknownTokenIsNotCachedSoANewSourceAnswersAtOnce() {
        assertTrue(cached.byTokenHash("h9", T0).isEmpty());
        store.create(source("src_9", "h9", null, null));
        assertEquals("src_9", cached.byTokenHash("h9", T0).orElseThrow().id());
        assertEquals(2, store.tokenLookups);
        assertTrue(cached.byTokenHash("", T0).isEmpty());
        assertTrue(cached.byTokenHash(null, T0).isEmpty());
    }
}
