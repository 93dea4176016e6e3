package dev.hookline.infrastructure.http;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetSourceWrapper;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.jwk.source.RateLimitedJWKSetSource;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.hookline.core.inbound.verify.JwksProvider;
import dev.hookline.core.inbound.verify.JwksUnavailableException;
import dev.hookline.core.outbound.UrlGuard;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link JwksProvider} over nimbus' JWK set sources ({@link JWKSourceBuilder}), one chain per URL, fetching through
 * {@link GuardedJwksRetriever} (SSRF guard, pinned address, no redirects, deadline, byte bound).
 *
 * <p>Each chain, outermost first:
 * <ul>
 *   <li>cache: a set is served for {@code ttl} (10 min) after it was obtained; concurrent misses for one URL wait for
 *       one fetch (nimbus' refresh lock) instead of each making a request;</li>
 *   <li>outage tolerance: when a fetch fails, the last good set is served while it is younger than {@code maxStale}
 *       (24 h); without one, {@link JwksUnavailableException} (ingest answers 503 {@code key_unavailable}, and the
 *       sender retries);</li>
 *   <li>rate limit: nimbus' limiter, at most two fetches per {@code minRefreshInterval} (60 s), whatever asks for them
 *       (a {@link #refresh} because a token named an unknown {@code kid}, an expired cache, a retry while the host is
 *       down): a flood of forged {@code kid}s costs the issuer two requests a minute. A call the limiter refuses is
 *       answered like a failed fetch, so the last good set is still served;</li>
 *   <li>no retry and no refresh-ahead: a retry doubles the wait of a request already holding a sender's connection,
 *       and a refresh-ahead runs on a background thread that a Lambda freezes between invocations.</li>
 * </ul>
 * Time is the injected clock's (nimbus takes the time as an argument), so tests move it instead of waiting.
 * The number of URLs is bounded (sources are tenant-created): the least recently used goes first.
 */
public final class HttpJwksProvider implements JwksProvider, AutoCloseable {

    public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);
    public static final Duration DEFAULT_MIN_REFRESH_INTERVAL = Duration.ofSeconds(60);
    public static final Duration DEFAULT_MAX_STALE = Duration.ofHours(24);

    static final int MAX_BODY_BYTES = GuardedJwksRetriever.MAX_BODY_BYTES;
    static final Duration FETCH_DEADLINE = GuardedJwksRetriever.FETCH_DEADLINE;
    static final int MAX_URLS = 1000;

    private final GuardedJwksRetriever retriever;
    private final Clock clock;
    private final Duration ttl;
    private final Duration minRefreshInterval;
    private final Duration maxStale;
    private final Map<String, Source> sources = new ConcurrentHashMap<>();

    public HttpJwksProvider(UrlGuard guard, Clock clock) {
        this(guard, clock, DEFAULT_TTL, DEFAULT_MIN_REFRESH_INTERVAL, DEFAULT_MAX_STALE);
    }

    /**
     * @param ttl                how long a fetched set is served without asking again
     * @param minRefreshInterval the rate limiter's window: at most two fetches per URL in it
     * @param maxStale           how old the last good set may be to still be served when fetching fails
     */
    public HttpJwksProvider(UrlGuard guard, Clock clock, Duration ttl, Duration minRefreshInterval,
                            Duration maxStale) {
        this(guard, clock, ttl, minRefreshInterval, maxStale, new DeadlineTimer());
    }

    /** With the fetch deadline's timer, so a test can make it pass without waiting for it. */
    HttpJwksProvider(UrlGuard guard, Clock clock, Duration ttl, Duration minRefreshInterval, Duration maxStale,
                     DeadlineTimer deadlines) {
        this.retriever = new GuardedJwksRetriever(guard, deadlines);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = positive(ttl, "ttl");
        this.minRefreshInterval = positive(minRefreshInterval, "minRefreshInterval");
        this.maxStale = positive(maxStale, "maxStale");
    }

    private static Duration positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return value;
    }

    @Override
    public JWKSet get(String jwksUrl) {
        return load(jwksUrl, JWKSetCacheRefreshEvaluator.noRefresh());
    }

    @Override
    public JWKSet refresh(String jwksUrl) {
        try {
            return load(jwksUrl, JWKSetCacheRefreshEvaluator.forceRefresh());
        } catch (JwksUnavailableException e) {
            // Refused by the limiter or failed: what the cache (or the outage cache) still holds is the answer.
            return get(jwksUrl);
        }
    }

    private JWKSet load(String jwksUrl, JWKSetCacheRefreshEvaluator evaluator) {
        Objects.requireNonNull(jwksUrl, "jwksUrl");
        try {
            return source(jwksUrl).getJWKSet(evaluator, clock.millis(), null);
        } catch (KeySourceException e) {
            throw unavailable(e);
        }
    }

    /** Our fetch's own message where there is one; nimbus' wrappers add nothing the sender can act on. */
    private static JwksUnavailableException unavailable(KeySourceException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof GuardedJwksRetriever.FetchFailure failure) {
                return new JwksUnavailableException(failure.getMessage());
            }
            if (t instanceof RateLimitReachedException) {
                return new JwksUnavailableException("the JWKS could not be fetched recently; not retrying yet");
            }
        }
        return new JwksUnavailableException("the JWKS could not be obtained");
    }

    private JWKSetSource<SecurityContext> source(String url) {
        long now = System.nanoTime();
        Source source = sources.get(url);
        if (source == null) {
            URL parsed;
            try {
                parsed = URI.create(url).toURL();
            } catch (IllegalArgumentException | MalformedURLException e) {
                throw new JwksUnavailableException("the JWKS URL is not allowed (invalid_url): not an absolute URL");
            }
            if (sources.size() >= MAX_URLS) {
                sources.entrySet().stream()
                        .min(Comparator.comparingLong(e -> e.getValue().lastUsedNanos))
                        .ifPresent(e -> sources.remove(e.getKey(), e.getValue()));
            }
            source = sources.computeIfAbsent(url, u -> new Source(chain(parsed)));
        }
        source.lastUsedNanos = now;
        return source.chain;
    }

    private JWKSetSource<SecurityContext> chain(URL url) {
        JWKSetSource<SecurityContext> limited = new LimiterAsOutage(new RateLimitedJWKSetSource<>(
                new URLBasedJWKSetSource<>(url, retriever), minRefreshInterval.toMillis(), null));
        JWKSetBasedJWKSource<SecurityContext> built = (JWKSetBasedJWKSource<SecurityContext>)
                JWKSourceBuilder.create(limited)
                        .cache(ttl.toMillis(), FETCH_DEADLINE.plusSeconds(1).toMillis())
                        .refreshAheadCache(false)
                        .rateLimited(false)
                        .outageTolerant(maxStale.toMillis())
                        .retrying(false)
                        .build();
        return built.getJWKSetSource();
    }

    @Override
    public void close() {
        retriever.close();
    }

    /**
     * nimbus puts its limiter outside its outage cache, and a refused call is not an outage to it: the last good set
     * would then not be served while the limiter holds. Below the outage cache, a refusal reads as one.
     */
    private static final class LimiterAsOutage extends JWKSetSourceWrapper<SecurityContext> {
        LimiterAsOutage(JWKSetSource<SecurityContext> limited) {
            super(limited);
        }

        @Override
        public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator evaluator, long currentTime, SecurityContext context)
                throws KeySourceException {
            try {
                return getSource().getJWKSet(evaluator, currentTime, context);
            } catch (RateLimitReachedException e) {
                throw new JWKSetUnavailableException("rate limited", e);
            }
        }
    }

    private static final class Source {
        final JWKSetSource<SecurityContext> chain;
        /** For eviction only, so the monotonic clock rather than the injected one. */
        volatile long lastUsedNanos = System.nanoTime();

        Source(JWKSetSource<SecurityContext> chain) {
            this.chain = chain;
        }
    }
}
