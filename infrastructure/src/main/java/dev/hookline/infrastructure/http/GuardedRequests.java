package dev.hookline.infrastructure.http;

import java.time.Duration;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.core5.util.Timeout;

/**
 * The request settings every outbound call shares (webhook delivery, JWKS fetch): a redirect would lead to a URL the
 * guard never vetted, and a compressed body would make the byte bound meaningless, so both are off.
 */
final class GuardedRequests {
    private GuardedRequests() {
    }

    @SuppressWarnings("deprecation") // per-request connect timeout: ConnectionConfig only applies per route
    static RequestConfig config(Duration timeout, Duration connectTimeout) {
        return RequestConfig.custom()
                .setConnectionRequestTimeout(Timeout.of(timeout))
                .setConnectTimeout(Timeout.of(connectTimeout))
                .setResponseTimeout(Timeout.of(timeout))
                .setRedirectsEnabled(false)
                .setContentCompressionEnabled(false)
                .setExpectContinueEnabled(false)
                .build();
    }
}
