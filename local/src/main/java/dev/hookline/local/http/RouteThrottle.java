package dev.hookline.local.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API Gateway's route throttling: a token bucket per route, refilled at the rate limit and holding at most the burst
 * limit; a request finding it empty gets 429. HTTP API stage throttling applies to each route separately.
 */
final class RouteThrottle {
    private final double ratePerSecond;
    private final int burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RouteThrottle(double ratePerSecond, int burst) {
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
    }

    /** True when the route may take one more request now. */
    boolean tryAcquire(String routeKey) {
        if (ratePerSecond <= 0 || burst <= 0) {
            return true;
        }
        return buckets.computeIfAbsent(routeKey, k -> new Bucket(burst)).take(ratePerSecond, burst);
    }

    private static final class Bucket {
        private double tokens;
        private long refilledAt = System.nanoTime();

        Bucket(int burst) {
            this.tokens = burst;
        }

        synchronized boolean take(double rate, int burst) {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * rate);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
