package dev.hookline.infrastructure.http;

import dev.hookline.core.delivery.OutboundRequest;
import dev.hookline.core.outbound.ClientIdentity;
import dev.hookline.core.delivery.OutboundResponse;
import dev.hookline.core.delivery.WebhookSender;
import dev.hookline.core.outbound.FailureKind;
import dev.hookline.core.outbound.GuardedTarget;
import dev.hookline.core.outbound.UnsafeUrlException;
import dev.hookline.core.outbound.UrlGuard;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * {@link WebhookSender} over Apache HttpClient 5 (classic, blocking): meant to be shared by many virtual threads.
 *
 * <ul>
 *   <li>SSRF: every send runs {@link UrlGuard#check} (one resolution, every address classified) and the connection
 *       goes to the pinned address via {@link PinnedDnsResolver}; the URI keeps the name for Host, SNI and
 *       certificate checks. Redirects are returned, never followed.</li>
 *   <li>Time: connect timeout min(timeout, 5 s), read timeout = timeout, and a hard deadline at the timeout that
 *       aborts the request however the receiver behaves, body included. {@code latencyMs} is the whole attempt
 *       (until the last byte read); {@code headersMs} is the time to the status line and headers.</li>
 *   <li>Size: the status line and headers are bounded ({@link ResponseHeadLimits}: 100 headers, 16 KiB in all;
 *       beyond, {@code response_too_large}); at most {@link OutboundResponse#MAX_EXCERPT_BYTES} of the body are read,
 *       and a longer body is not drained, its connection is discarded. Memory per send is therefore bounded by a
 *       few tens of KiB whatever the receiver sends.</li>
 *   <li>Completeness: an answer counts only when it is complete: headers that never end, a body cut before its
 *       announced end or last chunk, or a garbled response are failures, never a success.</li>
 *   <li>Connections: pooled connections idle for more than {@link #VALIDATE_AFTER_IDLE} are checked before reuse,
 *       and a request that failed on a reused connection before any answer byte is sent once more on a fresh one
 *       within the same attempt ({@link StaleConnectionRetry}); keep-alive receivers that close idle connections
 *       never cost an attempt.</li>
 * </ul>
 *
 * <p>Mutual TLS: a request carrying a {@link ClientIdentity} goes through a client of its own, whose TLS context
 * holds that identity only (the pinned-address resolver and every limit above are the same). Those clients are
 * cached per identity, at most {@link #MAX_IDENTITY_CLIENTS} (least recently used out; an evicted client is closed
 * once any send it may still carry has passed its deadline), each with a small pool.
 *
 * <p>Nothing here logs: request headers carry signatures, and bodies are tenants' data.
 */
public final class HttpWebhookSender implements WebhookSender, AutoCloseable {

    public static final String USER_AGENT = "Hookline-Webhooks/1.0 (+https://hookline.dev)";

    static final int MAX_CONNECTIONS = 200;
    static final int MAX_CONNECTIONS_PER_ROUTE = 20;
    static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /**
     * A pooled connection keeps going to the address vetted when it was opened; this bounds how long a vetted
     * answer outlives DNS changes for a busy endpoint.
     */
    static final TimeValue CONNECTION_TIME_TO_LIVE = TimeValue.ofSeconds(60);
    /**
     * A pooled connection idle at least this long is checked (a 1 ms read for a close) before it is lent again.
     * Receivers close idle keep-alive connections after as little as 0.5 s; a check costs about a millisecond.
     */
    static final TimeValue VALIDATE_AFTER_IDLE = TimeValue.ofMilliseconds(100);
    /** Idle connections are closed after this, long before the usual receiver keep-alive (5-75 s) would. */
    static final TimeValue MAX_IDLE = TimeValue.ofSeconds(4);

    private static final String DEFAULT_CONTENT_TYPE = "application/json";
    /** The client owns framing and connection management; a caller's value here would break or smuggle requests. */
    private static final Set<String> TRANSPORT_HEADERS = Set.of(
            "host", "content-length", "transfer-encoding", "connection", "keep-alive", "te", "upgrade", "expect",
            "proxy-connection");

    /** Clients with a client certificate kept at once (one per identity, least recently used evicted). */
    static final int MAX_IDENTITY_CLIENTS = 64;
    static final int MAX_CONNECTIONS_PER_IDENTITY = 10;
    /** An evicted client is closed after this: longer than any send's deadline (30 s), so none is cut. */
    static final Duration EVICTED_CLOSE_DELAY = Duration.ofSeconds(45);

    private final UrlGuard urlGuard;
    private final TrustManager[] trust;
    private final CloseableHttpClient client;
    private final DeadlineTimer deadlines;
    private final Map<String, CloseableHttpClient> identityClients = new LinkedHashMap<>(16, 0.75f, true);

    public HttpWebhookSender(UrlGuard urlGuard) {
        this(urlGuard, (Path) null);
    }

    /** @param extraCaPem PEM CAs trusted for receivers besides the JDK's (local and test runs); null for none */
    public HttpWebhookSender(UrlGuard urlGuard, Path extraCaPem) {
        this(urlGuard, extraCaPem, new DeadlineTimer());
    }

    /** With the deadline's timer, so a test can make a send's deadline pass without waiting for it. */
    HttpWebhookSender(UrlGuard urlGuard, DeadlineTimer deadlines) {
        this(urlGuard, null, deadlines);
    }

    private HttpWebhookSender(UrlGuard urlGuard, Path extraCaPem, DeadlineTimer deadlines) {
        this.urlGuard = Objects.requireNonNull(urlGuard, "urlGuard");
        this.deadlines = Objects.requireNonNull(deadlines, "deadlines");
        this.trust = ClientTls.trust(extraCaPem);
        this.client = newClient(trust == null ? null : ClientTls.context(trust, null), MAX_CONNECTIONS,
                MAX_CONNECTIONS_PER_ROUTE);
    }

    private static CloseableHttpClient newClient(SSLContext tls, int maxTotal, int maxPerRoute) {
        PoolingHttpClientConnectionManagerBuilder builder = PoolingHttpClientConnectionManagerBuilder.create();
        if (tls != null) {
            builder.setTlsSocketStrategy(new DefaultClientTlsStrategy(tls));
        }
        PoolingHttpClientConnectionManager connections = builder
                .setConnectionFactory(TrackedConnection.factory())
                .setDnsResolver(new PinnedDnsResolver())
                .setMaxConnTotal(maxTotal)
                .setMaxConnPerRoute(maxPerRoute)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(MAX_CONNECT_TIMEOUT))
                        .setTimeToLive(CONNECTION_TIME_TO_LIVE)
                        .setValidateAfterInactivity(VALIDATE_AFTER_IDLE)
                        .build())
                .build();
        // No useSystemProperties(): a proxy from the environment would make the proxy, not the pinned address,
        // the thing we connect to.
        return HttpClients.custom()
                .setConnectionManager(connections)
                .disableRedirectHandling()
                // The only retry: a request that met a closed pooled connection before any answer byte.
                .setRetryStrategy(new StaleConnectionRetry())
                .disableCookieManagement()
                .disableContentCompression()
                .disableAuthCaching()
                .setUserAgent(USER_AGENT)
                .evictExpiredConnections()
                .evictIdleConnections(MAX_IDLE)
                .build();
    }

    @Override
    public OutboundResponse send(OutboundRequest request) {
        Objects.requireNonNull(request, "request");
        Duration timeout = request.timeout();
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("the request timeout must be positive");
        }
        long start = System.nanoTime();
        GuardedTarget target;
        try {
            target = urlGuard.check(request.url());
        } catch (UnsafeUrlException e) {
            return OutboundResponse.failed(FailureKind.UNSAFE_TARGET, e.code() + ": " + e.getMessage(),
                    elapsedMs(start));
        }

        HttpPost post = newPost(target, request);
        ExchangeTrace trace = new ExchangeTrace();
        try (DeadlineTimer.Deadline deadline = deadlines.arm(timeout, post)) {
            try {
                return ScopedValue.where(ExchangeTrace.CURRENT, trace).call(
                        () -> PinnedDnsResolver.withTarget(target,
                                () -> exchange(post, request.clientIdentity(), start, deadline, timeout)));
            } catch (IOException e) {
                boolean late = deadline.passed();
                FailureKind kind = TransportFailures.kind(e, late);
                return OutboundResponse.failed(kind, TransportFailures.describe(kind, e, timeout.toMillis(), late),
                        elapsedMs(start));
            }
        }
    }

    /**
     * Sends and reads the answer. Latency runs until the last byte read; only a complete answer is an answer (the
     * excerpt limit is not incompleteness: the rest is deliberately not read).
     */
    private OutboundResponse exchange(HttpPost post, ClientIdentity identity, long start, DeadlineTimer.Deadline deadline,
                                      Duration timeout) throws IOException {
        ClassicHttpResponse response = clientFor(identity).executeOpen(null, post, HttpClientContext.create());
        long headersMs = elapsedMs(start);
        boolean reusable = false;
        try {
            Header retryAfter = response.getFirstHeader("Retry-After");
            BoundedBody body = readExcerpt(response.getEntity());
            long latencyMs = elapsedMs(start);
            if (body.failure() != null) {
                boolean late = deadline.passed();
                FailureKind kind = TransportFailures.bodyKind(body.failure(), late);
                return OutboundResponse.failed(kind, "status " + response.getCode() + " came, then "
                        + TransportFailures.describe(kind, body.failure(), timeout.toMillis(), late), latencyMs, headersMs);
            }
            reusable = body.complete();
            return OutboundResponse.answered(response.getCode(), retryAfter == null ? null : retryAfter.getValue(),
                    body.text(), latencyMs, headersMs);
        } finally {
            release(post, response, reusable);
        }
    }

    private static BoundedBody readExcerpt(HttpEntity entity) {
        if (entity == null) {
            return BoundedBody.EMPTY;
        }
        InputStream content;
        try {
            content = entity.getContent();
        } catch (IOException e) {
            return new BoundedBody("", false, e);
        }
        return BoundedBody.read(content, OutboundResponse.MAX_EXCERPT_BYTES);
    }

    /**
     * A fully read response goes back to the pool. Anything else is aborted: a graceful close would drain the rest
     * of the body (possibly megabytes, possibly trickled) just to keep the socket.
     */
    private static void release(HttpPost post, ClassicHttpResponse response, boolean reusable) {
        if (!reusable) {
            DeadlineTimer.discard(post, response);
            return;
        }
        try {
            response.close();
        } catch (IOException | RuntimeException e) {
            // The answer is already in hand; a failed close only costs the pooled connection.
        }
    }

    private static HttpPost newPost(GuardedTarget target, OutboundRequest request) {
        Duration timeout = request.timeout();
        Duration connectTimeout = timeout.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? timeout : MAX_CONNECT_TIMEOUT;
        // The guard's URI, not the raw string: what we send to is exactly what was checked.
        HttpPost post = new HttpPost(target.uri());
        post.setConfig(GuardedRequests.config(timeout, connectTimeout));

        String contentType = null;
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (TRANSPORT_HEADERS.contains(name)) {
                continue;
            }
            if (name.equals("content-type")) {
                contentType = header.getValue();
            }
            post.addHeader(header.getKey(), header.getValue());
        }
        if (contentType == null) {
            contentType = DEFAULT_CONTENT_TYPE;
            post.addHeader("Content-Type", contentType);
        }
        // The header above is sent verbatim (the client adds none when one is present); the entity's parsed type
        // is only metadata, so an odd value the parser rejects must not stop the send.
        post.setEntity(new ByteArrayEntity(request.body() == null ? new byte[0] : request.body(),
                parseContentType(contentType)));
        return post;
    }

    private static ContentType parseContentType(String value) {
        try {
            return ContentType.parseLenient(value);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static long elapsedMs(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** The shared client, or the one presenting {@code identity} (built on first use, cached, bounded). */
    private CloseableHttpClient clientFor(ClientIdentity identity) {
        if (identity == null) {
            return client;
        }
        synchronized (identityClients) {
            CloseableHttpClient cached = identityClients.get(identity.cacheKey());
            if (cached != null) {
                return cached;
            }
            CloseableHttpClient created = newClient(ClientTls.context(trust, identity), MAX_CONNECTIONS_PER_IDENTITY,
                    MAX_CONNECTIONS_PER_IDENTITY);
            identityClients.put(identity.cacheKey(), created);
            if (identityClients.size() > MAX_IDENTITY_CLIENTS) {
                var eldest = identityClients.entrySet().iterator();
                CloseableHttpClient evicted = eldest.next().getValue();
                eldest.remove();
                deadlines.after(EVICTED_CLOSE_DELAY, () -> evicted.close(CloseMode.GRACEFUL));
            }
            return created;
        }
    }

    /** How many clients with a client certificate are cached now (at most {@link #MAX_IDENTITY_CLIENTS}). */
    public int identityClients() {
        synchronized (identityClients) {
            return identityClients.size();
        }
    }

    /** Closes every pooled connection and the deadline thread; sends still in flight end as failures. */
    @Override
    public void close() {
        client.close(CloseMode.IMMEDIATE);
        synchronized (identityClients) {
            identityClients.values().forEach(c -> c.close(CloseMode.IMMEDIATE));
            identityClients.clear();
        }
        deadlines.close();
    }
}
