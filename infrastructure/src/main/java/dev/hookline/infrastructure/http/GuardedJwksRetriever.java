package dev.hookline.infrastructure.http;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import dev.hookline.core.outbound.GuardedTarget;
import dev.hookline.core.outbound.UnsafeUrlException;
import dev.hookline.core.outbound.UrlGuard;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.text.ParseException;
import java.time.Duration;
import java.util.Objects;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
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
 * The one way nimbus' JWK sources reach the network: a GET with the same SSRF defences as webhook delivery.
 * {@link UrlGuard#check} runs on every fetch (one resolution, every address classified) and the connection goes to the
 * pinned address via {@link PinnedDnsResolver}, while the URI keeps the name for Host, SNI and certificate checks.
 * Redirects are never followed (a 3xx is a failure), the fetch has a hard deadline and the body a byte bound (a larger
 * set is a failure, not a truncated parse). Only public keys leave here, so only public keys are ever cached.
 *
 * <p>Every failure is a {@link FetchFailure} whose message names the URL's problem, a status or a transport error,
 * never the body or key material.
 */
final class GuardedJwksRetriever implements ResourceRetriever, AutoCloseable {

    /** A failed fetch, with a message fit for the source's owner (it ends up in a 503's detail). */
    static final class FetchFailure extends IOException {
        FetchFailure(String message) {
            super(message);
        }
    }

    static final int MAX_BODY_BYTES = 64 * 1024;
    static final Duration FETCH_DEADLINE = Duration.ofSeconds(5);

    private static final String ACCEPT = "application/jwk-set+json, application/json;q=0.9";

    private final UrlGuard guard;
    private final DeadlineTimer deadlines;
    /** Built at the first fetch: most sources use no JWKS URL, and a cold start need not load an HTTP client. */
    private volatile CloseableHttpClient client;

    GuardedJwksRetriever(UrlGuard guard, DeadlineTimer deadlines) {
        this.guard = Objects.requireNonNull(guard, "guard");
        this.deadlines = Objects.requireNonNull(deadlines, "deadlines");
    }

    @Override
    public Resource retrieveResource(URL url) throws IOException {
        GuardedTarget target;
        try {
            target = guard.check(url.toString());
        } catch (UnsafeUrlException e) {
            throw new FetchFailure("the JWKS URL is not allowed (" + e.code() + "): " + e.getMessage());
        }
        // The guard's URI, not the raw string: what we fetch is exactly what was checked.
        HttpGet request = new HttpGet(target.uri());
        request.setConfig(GuardedRequests.config(FETCH_DEADLINE, FETCH_DEADLINE));
        request.addHeader("Accept", ACCEPT);
        String body;
        try (DeadlineTimer.Deadline deadline = deadlines.arm(FETCH_DEADLINE, request)) {
            try {
                body = PinnedDnsResolver.withTarget(target, () -> exchange(request));
            } catch (FetchFailure e) {
                throw e;
            } catch (IOException e) {
                boolean late = deadline.passed();
                throw new FetchFailure("fetching the JWKS failed: " + TransportFailures.describe(
                        TransportFailures.kind(e, late), e, FETCH_DEADLINE.toMillis(), late));
            }
        }
        try {
            // The parse exception is not attached: its message may quote the document.
            return new Resource(JWKSet.parse(body).toPublicJWKSet().toString(), "application/jwk-set+json");
        } catch (ParseException | RuntimeException e) {
            throw new FetchFailure("the JWKS endpoint did not answer with a JWK set");
        }
    }

    private String exchange(HttpGet request) throws IOException {
        ClassicHttpResponse response = client().executeOpen(null, request, HttpClientContext.create());
        try {
            int status = response.getCode();
            if (status != 200) {
                // 3xx included: redirects are not followed.
                throw new FetchFailure("the JWKS endpoint answered HTTP " + status);
            }
            HttpEntity entity = response.getEntity();
            InputStream content = entity == null ? null : entity.getContent();
            if (content == null) {
                throw new FetchFailure("the JWKS endpoint answered without a body");
            }
            BoundedBody body = BoundedBody.read(content, MAX_BODY_BYTES);
            if (!body.complete()) {
                throw new FetchFailure(
                        "the JWKS body was larger than " + MAX_BODY_BYTES + " bytes or could not be read in full");
            }
            return body.text();
        } finally {
            // The connection is never reused, so close it at once rather than drain whatever is left of the body.
            DeadlineTimer.discard(request, response);
        }
    }

    private CloseableHttpClient client() {
        CloseableHttpClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = newClient();
                    client = c;
                }
            }
        }
        return c;
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
    public void close() {
        CloseableHttpClient c = client;
        if (c != null) {
            c.close(CloseMode.IMMEDIATE);
        }
        deadlines.close();
    }
}
