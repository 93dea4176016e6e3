package dev.hookline.infrastructure.secrets;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Secrets Manager values cached per execution environment. A rotated value is picked up after the TTL;
 * Secrets Manager bills per call, and the hot paths read the same two or three secrets all day.
 *
 * <p>Single flight: concurrent reads of a name that is missing or expired make one {@code GetSecretValue} call, and
 * every reader gets its value (or its failure). A failure is not cached: the next read asks again.
 *
 * <p>Not Powertools' {@code SecretsProvider}: it caches with a TTL but has no single flight, reads the expiry from
 * the system clock (not an injectable one) and holds per-call options in thread-locals; it would also bring
 * powertools-common and a global SDK interceptor into every function's jar for what this class does in a page.
 */
public final class SecretCache {
    private record Entry(String value, Instant fetchedAt) {
    }

    private final SecretsManagerClient client;
    private final Clock clock;
    private final Duration ttl;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<Entry>> inFlight = new ConcurrentHashMap<>();

    public SecretCache(SecretsManagerClient client, Clock clock, Duration ttl) {
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
    }

    public String get(String secretId) {
        Entry entry = entries.get(secretId);
        if (fresh(entry)) {
            return entry.value();
        }
        CompletableFuture<Entry> mine = new CompletableFuture<>();
        CompletableFuture<Entry> running = inFlight.putIfAbsent(secretId, mine);
        if (running != null) {
            return await(running).value();
        }
        try {
            entry = entries.get(secretId);
            if (!fresh(entry)) { // another caller's fetch may have finished between our two looks
                entry = fetch(secretId);
                entries.put(secretId, entry);
            }
            mine.complete(entry);
            return entry.value();
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(secretId, mine);
        }
    }

    public void invalidate(String secretId) {
        entries.remove(secretId);
    }

    private boolean fresh(Entry entry) {
        return entry != null && !entry.fetchedAt().plus(ttl).isBefore(clock.instant());
    }

    private Entry fetch(String secretId) {
        Instant now = clock.instant();
        String value = client.getSecretValue(GetSecretValueRequest.builder().secretId(secretId).build()).secretString();
        return new Entry(value, now);
    }

    private static Entry await(CompletableFuture<Entry> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }
}
