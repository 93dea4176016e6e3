package dev.hookline.infrastructure.secrets;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Secrets Manager values cached per execution environment. A rotated value is picked up after the TTL;
 * Secrets Manager bills per call, and the hot paths read the same two or three secrets all day.
 */
public final class SecretCache {
    private record Entry(String value, Instant fetchedAt) {
    }

    private final SecretsManagerClient client;
    private final Clock clock;
    private final Duration ttl;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    public SecretCache(SecretsManagerClient client, Clock clock, Duration ttl) {
        this.client = client;
        this.clock = clock;
        this.ttl = ttl;
    }

    public String get(String secretId) {
        Instant now = clock.instant();
        Entry entry = entries.get(secretId);
        if (entry == null || entry.fetchedAt().plus(ttl).isBefore(now)) {
            String value = client.getSecretValue(GetSecretValueRequest.builder().secretId(secretId).build()).secretString();
            entry = new Entry(value, now);
            entries.put(secretId, entry);
        }
        return entry.value();
    }

    public void invalidate(String secretId) {
        entries.remove(secretId);
    }
}
