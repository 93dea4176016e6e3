package dev.hookline.local.secrets;

import dev.hookline.infrastructure.secrets.SecretCache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SecretCache} against the embedded Secrets Manager, counting the {@code GetSecretValue} calls the SDK makes
 * (an {@link ExecutionInterceptor}). The first call is held at the wire until every other reader is parked, so the
 * reads really are concurrent cold misses.
 */
@Timeout(60)
class SecretCacheSingleFlightTest {
    private static final int READERS = 16;

    private SecretsManagerEmulator emulator;
    private SecretsManagerClient admin;
    private SecretsManagerClient counted;
    private final AtomicInteger gets = new AtomicInteger();
    /** While set, the first GetSecretValue waits here before it is sent. */
    private final AtomicReference<CountDownLatch> hold = new AtomicReference<>();
    private final CountDownLatch held = new CountDownLatch(1);
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-02T12:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @BeforeEach
    void start() throws IOException {
        emulator = SecretsManagerEmulator.start(0, null, "us-east-1");
        admin = client(null);
        counted = client(new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if (!"GetSecretValue".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                    return;
                }
                gets.incrementAndGet();
                CountDownLatch gate = hold.getAndSet(null);
                if (gate != null) {
                    held.countDown();
                    try {
                        gate.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        });
        admin.createSecret(b -> b.name("hookline/admin-key").secretString("first"));
    }

    @AfterEach
    void stop() {
        counted.close();
        admin.close();
        emulator.close();
    }

    private SecretsManagerClient client(ExecutionInterceptor interceptor) {
        var builder = SecretsManagerClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create());
        if (interceptor != null) {
            builder.overrideConfiguration(c -> c.addExecutionInterceptor(interceptor));
        }
        return builder.build();
    }

    @Test
    void concurrentColdReadsOfOneNameMakeOneCall() throws Exception {
        SecretCache cache = new SecretCache(counted, clock, Duration.ofMinutes(5));
        for (Outcome read : readAtOnce(cache, "hookline/admin-key", READERS)) {
            assertEquals("first", read.value());
        }
        assertEquals(1, gets.get(), READERS + " concurrent cold reads make one GetSecretValue call");

        assertEquals("first", cache.get("hookline/admin-key"));
        assertEquals(1, gets.get(), "a later read within the TTL is cached");
    }

    @Test
    void aRotatedValueIsReadOnceTheTtlHasPassed() {
        SecretCache cache = new SecretCache(counted, clock, Duration.ofMinutes(5));
        assertEquals("first", cache.get("hookline/admin-key"));
        admin.putSecretValue(b -> b.secretId("hookline/admin-key").secretString("second"));

        now.updateAndGet(t -> t.plus(Duration.ofMinutes(5)));
        assertEquals("first", cache.get("hookline/admin-key"), "still within the TTL");
        now.updateAndGet(t -> t.plusSeconds(1));
        assertEquals("second", cache.get("hookline/admin-key"));
        assertEquals(2, gets.get());

        cache.invalidate("hookline/admin-key");
        cache.get("hookline/admin-key");
        assertEquals(3, gets.get(), "an invalidated name is read again");
    }

    @Test
    void aFailedReadReachesEveryWaiterAndIsNotCached() throws Exception {
        SecretCache cache = new SecretCache(counted, clock, Duration.ofMinutes(5));
        for (Outcome read : readAtOnce(cache, "hookline/missing", 4)) {
            assertInstanceOf(ResourceNotFoundException.class, read.failure());
        }
        assertEquals(1, gets.get(), "one call, whose failure every waiter got");

        admin.createSecret(b -> b.name("hookline/missing").secretString("now here"));
        assertEquals("now here", cache.get("hookline/missing"), "the failure was not cached");
        assertEquals(2, gets.get());
    }

    @Test
    void differentNamesAreReadIndependently() {
        admin.createSecret(b -> b.name("hookline/master-key").secretString("mk"));
        SecretCache cache = new SecretCache(counted, clock, Duration.ofMinutes(5));

        assertEquals("first", cache.get("hookline/admin-key"));
        assertEquals("mk", cache.get("hookline/master-key"));
        assertEquals(2, gets.get());
    }

    /** What one reader got: the value, or the failure its read ended with. */
    private record Outcome(String value, Throwable failure) {
    }

    /**
     * {@code count} reads of {@code name} at once: the first GetSecretValue is held at the wire until every other
     * reader is parked, so they really are concurrent cold misses; then it is let go and every read's outcome kept.
     */
    private List<Outcome> readAtOnce(SecretCache cache, String name, int count) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        hold.set(release);
        List<Future<String>> reads = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(count, r -> {
            Thread t = new Thread(r);
            synchronized (readers) {
                readers.add(t);
            }
            return t;
        })) {
            for (int i = 0; i < count; i++) {
                reads.add(pool.submit(() -> cache.get(name)));
            }
            assertTrue(held.await(10, TimeUnit.SECONDS), "one read reached Secrets Manager");
            awaitParked(readers, count - 1);
            release.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<String> read : reads) {
                try {
                    outcomes.add(new Outcome(read.get(10, TimeUnit.SECONDS), null));
                } catch (ExecutionException e) {
                    outcomes.add(new Outcome(null, e.getCause()));
                }
            }
            return outcomes;
        }
    }

    /** Polls (bounded) until {@code count} of the reader threads are parked, waiting for the one call in flight. */
    private static void awaitParked(List<Thread> readers, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Set<Thread.State> parked = Set.of(Thread.State.WAITING, Thread.State.TIMED_WAITING);
        while (System.nanoTime() < deadline) {
            long n;
            synchronized (readers) {
                n = readers.stream().filter(t -> parked.contains(t.getState())).count();
            }
            // The holder of the call is parked at the gate too, so it counts among them.
            if (n >= count + 1) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the other readers never parked behind the call in flight");
    }
}
