package dev.hookline.infrastructure.http;

import com.nimbusds.jose.jwk.JWKSet;
import dev.hookline.core.inbound.verify.JwksProvider;
import dev.hookline.core.inbound.verify.JwksUnavailableException;
import dev.hookline.core.outbound.GuardedTarget;
import dev.hookline.core.outbound.UnsafeUrlException;
import dev.hookline.core.outbound.UrlGuard;
import java.io.IOException;
import java.io.InputStream;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * {@link JwksProvider} that fetches a sender's JWKS over HTTP(S), with the same SSRF defences as webhook delivery, and
 * caches it per URL.
 *
 * <ul>
 *   <li>SSRF: every fetch runs {@link UrlGuard#check} (https only unless the guard allows http; one resolution, every
 *       address classified) and connects to the pinned address via {@link PinnedDnsResolver}; the URI keeps the name
 *       for Host, SNI and certificate checks. Redirects are never followed (a 3xx is a failure): a redirect would
 *       lead to a URL nobody vetted.</li>
 *   <li>Cost: a hard {@value #FETCH_DEADLINE_SECONDS} s deadline per fetch, and at most {@value #MAX_BODY_BYTES} bytes
 *       of body; a larger key set is a failure, not a truncated parse.</li>
 *   <li>Cache: a set is served for {@code ttl} (10 min) after it was fetched. {@link #refresh} (a token named a
 *       {@code kid} the cached set lacks) refetches at most once per {@code minRefreshInterval} (60 s) since the last
 *       fetch attempt, so a flood of forged {@code kid}s costs the issuer one request a minute. After a failed fetch
 *       no new attempt is made for {@link #FAILURE_BACKOFF}, so a burst of calls while the host is down does not
 *       queue up behind one slow fetch after another.</li>
 *   <li>Stale-if-error: when a fetch fails, the last good set keeps being served while it is younger than
 *       {@code maxStale} (24 h); without one, {@link JwksUnavailableException} (ingest answers 503
 *       {@code key_unavailable}, and the sender retries).</li>
 * </ul>
 *
 * <p>Thread-safe: fetches for one URL are serialised (a burst of cache misses makes one request), different URLs are
 * fetched independently. Only public keys are kept. Nothing here logs, and exception messages carry the URL, a status
 * or a transport error, never the body or key material.
 */
public final class HttpJwksProvider implements JwksProvider, AutoCloseable {

    public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);
    public static final Duration DEFAULT_MIN_REFRESH_INTERVAL = Duration.ofSeconds(60);
    public static final Duration DEFAULT_MAX_STALE = Duration.ofHours(24);
    /** After a failed fetch, calls within this window are answered from what we have instead of trying again. */
    public static final Duration FAILURE_BACKOFF = Duration.ofSeconds(10);

    static final int MAX_BODY_BYTES = 64 * 1024;
    static final long FETCH_DEADLINE_SECONDS = 5;
    static final Duration FETCH_DEADLINE = Duration.ofSeconds(FETCH_DEADLINE_SECONDS);
    /** Sources are tenant-created, so URLs are too: bound the cache; the least recently used URL goes first. */
    static final int MAX_URLS = 1000;

    private static final String ACCEPT = "application/jwk-set+json, application/json;q=0.9";

    private final UrlGuard guard;
    private final Clock clock;
    private final Duration ttl;
    private final Duration minRefreshInterval;
    private final Duration maxStale;
    private final CloseableHttpClient client;
    private final DeadlineTimer deadlines;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public HttpJwksProvider(UrlGuard guard, Clock clock) {
        this(guard, clock, DEFAULT_TTL, DEFAULT_MIN_REFRESH_INTERVAL, DEFAULT_MAX_STALE);
    }

    /**
     * @param ttl                how long a fetched set is served without asking again
     * @param minRefreshInterval least time between a fetch attempt and a {@link #refresh}-triggered refetch
     * @param maxStale           how old the last good set may be to still be served when fetching fails
     */
    public HttpJwksProvider(UrlGuard guard, Clock clock, Duration ttl, Duration minRefreshInterval,
                            Duration maxStale) {
        this(guard, clock, ttl, minRefreshInterval, maxStale, new DeadlineTimer());
    }

    /** With the fetch deadline's timer, so a test can make it pass without waiting for it. */
    HttpJwksProvider(UrlGuard guard, Clock clock, Duration ttl, Duration minRefreshInterval, Duration maxStale,
                     DeadlineTimer deadlines) {
        this.deadlines = Objects.requireNonNull(deadlines, "deadlines");
        this.guard = Objects.requireNonNull(guard, "guard");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = positive(ttl, "ttl");
        this.minRefreshInterval = positive(minRefreshInterval, "minRefreshInterval");
        this.maxStale = positive(maxStale, "maxStale");
        this.client = newClient();
    }

    private static Duration positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return value;
    }

    /**
     * Fetches are rare (one per URL per TTL), so connections are not kept: every fetch opens a fresh connection to a
     * freshly vetted address, and no background evictor thread is needed (nothing runs until the first fetch).
     */
    private static CloseableHttpClient newClient() {
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new PinnedDnsResolver())
                .setMaxConnTotal(50)
                .setMaxConnPerRoute(2)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(FETCH_DEADLINE))
                        .setSocketTimeout(Timeout.of(FETCH_DEADLINE))
                        .build())
                .build();
        // No useSystemProperties(): a proxy from the environment would be what we connect to, not the pinned address.
        return HttpClients.custom()
                .setConnectionManager(connections)
                .setConnectionReuseStrategy((request, response, context) -> false)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableContentCompression()
                .disableAuthCaching()
                .setUserAgent(HttpWebhookSender.USER_AGENT)
                .build();
    }

    @Override
    public JWKSet get(String jwksUrl) {
        Objects.requireNonNull(jwksUrl, "jwksUrl");
        Entry entry = entry(jwksUrl);
        Instant now = clock.instant();
        Snapshot seen = entry.snapshot;
        if (seen.isFresh(now, ttl)) {
            return seen.keys;
        }
        entry.lock.lock();
        try {
            now = clock.instant();
            Snapshot current = entry.snapshot;
            if (current.isFresh(now, ttl)) {
                return current.keys; // another caller fetched while we waited
            }
            if (current.failedWithin(now, FAILURE_BACKOFF)) {
                return servable(current, now, null);
            }
            return fetchInto(entry, jwksUrl, current, now);
        } finally {
            entry.lock.unlock();
        }
    }

    @Override
    public JWKSet refresh(String jwksUrl) {
        Objects.requireNonNull(jwksUrl, "jwksUrl");
        Entry entry = entry(jwksUrl);
        entry.lock.lock();
        try {
            Instant now = clock.instant();
            Snapshot current = entry.snapshot;
            if (current.attemptedWithin(now, minRefreshInterval)) {
                // Rate limit: what we have is at most a minute old; a kid it lacks is not worth another request.
                return servable(current, now, null);
            }
            return fetchInto(entry, jwksUrl, current, now);
        } finally {
            entry.lock.unlock();
        }
    }

    /** Called with the entry's lock held. */
    private JWKSet fetchInto(Entry entry, String url, Snapshot current, Instant now) {
        try {
            JWKSet keys = fetch(url);
            entry.snapshot = new Snapshot(keys, now, now, false);
            return keys;
        } catch (JwksUnavailableException e) {
            entry.snapshot = new Snapshot(current.keys, current.fetchedAt, now, true);
            return servable(current, now, e);
        }
    }

    /** The last good set if it may still be served (fresh, or stale within {@code maxStale}); else unavailable. */
    private JWKSet servable(Snapshot snapshot, Instant now, JwksUnavailableException failure) {
        if (snapshot.keys != null && now.isBefore(snapshot.fetchedAt.plus(maxStale))) {
            return snapshot.keys;
        }
        if (failure != null) {
            throw failure;
        }
        throw new JwksUnavailableException(snapshot.keys == null
                ? "the JWKS could not be fetched recently; not retrying yet"
                : "the last good JWKS is too old to use and a recent fetch failed");
    }

    private Entry entry(String url) {
        long now = System.nanoTime();
        Entry entry = entries.get(url);
        if (entry == null) {
            if (entries.size() >= MAX_URLS) {
                entries.entrySet().stream()
                        .min(Comparator.comparingLong(e -> e.getValue().lastUsedNanos))
                        .ifPresent(e -> entries.remove(e.getKey(), e.getValue()));
            }
            entry = entries.computeIfAbsent(url, u -> new Entry());
        }
        entry.lastUsedNanos = now;
        return entry;
    }

    // ---------------------------------------------------------------- the fetch

    /** One guarded GET; every way it can fail ends as {@link JwksUnavailableException}. */
    JWKSet fetch(String url) {
        GuardedTarget target;
        try {
            target = guard.check(url);
        } catch (UnsafeUrlException e) {
            throw new JwksUnavailableException("the JWKS URL is not allowed (" + e.code() + "): " + e.getMessage());
        }
        HttpGet request = newGet(target);
        String body;
        try (DeadlineTimer.Deadline deadline = deadlines.arm(FETCH_DEADLINE, request)) {
            try {
                body = PinnedDnsResolver.withTarget(target, () -> exchange(request));
            } catch (IOException e) {
                boolean late = deadline.passed();
                throw new JwksUnavailableException("fetching the JWKS failed: " + TransportFailures.describe(
                        TransportFailures.kind(e, late), e, FETCH_DEADLINE.toMillis(), late));
            }
        }
        try {
            // The parse exception is not attached: its message may quote the document.
            return JWKSet.parse(body).toPublicJWKSet();
        } catch (ParseException | RuntimeException e) {
            throw new JwksUnavailableException("the JWKS endpoint did not answer with a JWK set");
        }
    }

    private String exchange(HttpGet request) throws IOException {
        ClassicHttpResponse response = client.executeOpen(null, request, HttpClientContext.create());
        try {
            int status = response.getCode();
            if (status != 200) {
                // 3xx included: redirects are not followed.
                throw new JwksUnavailableException("the JWKS endpoint answered HTTP " + status);
            }
            HttpEntity entity = response.getEntity();
            InputStream content = entity == null ? null : entity.getContent();
            if (content == null) {
                throw new JwksUnavailableException("the JWKS endpoint answered without a body");
            }
            BoundedBody body = BoundedBody.read(content, MAX_BODY_BYTES);
            if (!body.complete()) {
                throw new JwksUnavailableException(
                        "the JWKS body was larger than " + MAX_BODY_BYTES + " bytes or could not be read in full");
            }
            return body.text();
        } finally {
            // The connection is never reused, so close it at once rather than drain whatever is left of the body.
            DeadlineTimer.discard(request, response);
        }
    }

    @SuppressWarnings("deprecation") // per-request connect timeout: ConnectionConfig only applies per route
    private static HttpGet newGet(GuardedTarget target) {
        // The guard's URI, not the raw string: what we fetch is exactly what was checked.
        HttpGet get = new HttpGet(target.uri());
        get.setConfig(RequestConfig.custom()
                .setConnectionRequestTimeout(Timeout.of(FETCH_DEADLINE))
                .setConnectTimeout(Timeout.of(FETCH_DEADLINE))
                .setResponseTimeout(Timeout.of(FETCH_DEADLINE))
                .setRedirectsEnabled(false)
                .setContentCompressionEnabled(false)
                .build());
        get.addHeader("Accept", ACCEPT);
        return get;
    }

    @Override
    public void close() {
        client.close(CloseMode.IMMEDIATE);
        deadlines.close();
    }

    // ---------------------------------------------------------------- cache state

    /** One URL's state; the lock serialises its fetches, reads of a fresh snapshot take no lock. */
    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        volatile Snapshot snapshot = Snapshot.EMPTY;
        /** For eviction only, so the monotonic clock rather than the injected one. */
        volatile long lastUsedNanos = System.nanoTime();
    }

    /**
     * @param keys        the last good set, or {@code null} if none was ever fetched
     * @param fetchedAt   when {@code keys} were fetched
     * @param attemptedAt when the last fetch (good or not) was made
     * @param lastFailed  whether that last fetch failed
     */
    private record Snapshot(JWKSet keys, Instant fetchedAt, Instant attemptedAt, boolean lastFailed) {
        static final Snapshot EMPTY = new Snapshot(null, null, null, false);

        boolean isFresh(Instant now, Duration ttl) {
            return keys != null && now.isBefore(fetchedAt.plus(ttl)) && !now.isBefore(fetchedAt);
        }

        boolean attemptedWithin(Instant now, Duration window) {
            return attemptedAt != null && now.isBefore(attemptedAt.plus(window)) && !now.isBefore(attemptedAt);
        }

        boolean failedWithin(Instant now, Duration window) {
            return lastFailed && attemptedWithin(now, window);
        }
    }
}
