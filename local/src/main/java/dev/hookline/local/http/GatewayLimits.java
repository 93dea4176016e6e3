package dev.hookline.local.http;

import java.time.Duration;

/**
 * What the local HTTP API enforces, as API Gateway HTTP APIs and Lambda do (docs/engine-differences.md, "API Gateway
 * HTTP API (local gateway)"), plus what one JVM on a laptop needs that AWS does not.
 *
 * @param maxRequestLineAndHeaders API Gateway: "total combined size of request line and header values", 10,240 bytes
 * @param maxBodyBytes             API Gateway: payload size, 10 MB
 * @param maxInvocationBytes       Lambda: a synchronous invocation's payload (the event JSON), 6 MB
 * @param throttleRate             the HttpApi's DefaultRouteSettings.ThrottlingRateLimit (requests per second per
 *                                 route); 0 for none
 * @param throttleBurst            DefaultRouteSettings.ThrottlingBurstLimit
 * @param requestHeadDeadline      local: a connection that has not sent a complete request head within this is
 *                                 closed (slow-header clients); AWS documents no figure
 * @param idleTimeout              local: a connection with no traffic for this long is closed
 * @param maxConnections           local: connections accepted at once; more wait in the listen backlog
 * @param payloadBudgetBytes       local: request bodies being read and turned into events at once, weighted by the
 *                                 copies an event makes (eight: the body, its base64, the event JSON, the decoded
 *                                 body…);
 *                                 a request over the budget waits before its body is read
 */
public record GatewayLimits(int maxRequestLineAndHeaders, long maxBodyBytes, long maxInvocationBytes,
                            double throttleRate, int throttleBurst, Duration requestHeadDeadline, Duration idleTimeout,
                            int maxConnections, long payloadBudgetBytes) {

    public static final int API_GATEWAY_REQUEST_LINE_AND_HEADERS = 10_240;
    public static final long API_GATEWAY_PAYLOAD = 10L * 1024 * 1024;
    public static final long LAMBDA_SYNC_PAYLOAD = 6L * 1024 * 1024;

    public static GatewayLimits defaults() {
        return new GatewayLimits(API_GATEWAY_REQUEST_LINE_AND_HEADERS, API_GATEWAY_PAYLOAD, LAMBDA_SYNC_PAYLOAD, 0, 0,
                Duration.ofSeconds(10), Duration.ofSeconds(10), 1_000, 128L * 1024 * 1024);
    }

    /** The template's DefaultRouteSettings throttling. */
    public GatewayLimits withThrottle(double rate, int burst) {
        return new GatewayLimits(maxRequestLineAndHeaders, maxBodyBytes, maxInvocationBytes, rate, burst,
                requestHeadDeadline, idleTimeout, maxConnections, payloadBudgetBytes);
    }

    public GatewayLimits withTimeouts(Duration headDeadline, Duration idle) {
        return new GatewayLimits(maxRequestLineAndHeaders, maxBodyBytes, maxInvocationBytes, throttleRate,
                throttleBurst, headDeadline, idle, maxConnections, payloadBudgetBytes);
    }
}
