package dev.hookline.local;

import dev.hookline.local.aws.AwsEndpoints;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How to run the local platform. Defaults are the laptop's: embedded emulators, in memory, port 3000,
 * outbound http and loopback receivers allowed (the SSRF guard still refuses cloud metadata addresses).
 */
public record LocalOptions(Path template, String bindHost, int port, Path dataDir, AwsEndpoints aws,
                           Map<String, String> environmentOverrides, Map<String, String> secretValues,
                           Duration schedulePeriod, int pollersPerQueue, String namePrefix,
                           Clock clock) {

    public static LocalOptions defaults() {
        return new LocalOptions(Path.of("template.yaml"), "127.0.0.1", 3000, null, null,
                Map.of("ALLOW_HTTP_ENDPOINTS", "true", "ALLOW_PRIVATE_TARGETS", "true"),
                Map.of(), null, 5, "hookline-local-", null);
    }

    public LocalOptions withTemplate(Path value) {
        return new LocalOptions(value, bindHost, port, dataDir, aws, environmentOverrides, secretValues, schedulePeriod, pollersPerQueue, namePrefix, clock);
    }

    public LocalOptions withPort(int value) {
        return new LocalOptions(template, bindHost, value, dataDir, aws, environmentOverrides, secretValues, schedulePeriod, pollersPerQueue, namePrefix, clock);
    }

    public LocalOptions withBindHost(String value) {
        return new LocalOptions(template, value, port, dataDir, aws, environmentOverrides, secretValues, schedulePeriod, pollersPerQueue, namePrefix, clock);
    }

    public LocalOptions withDataDir(Path value) {
        return new LocalOptions(template, bindHost, port, value, aws, environmentOverrides, secretValues, schedulePeriod, pollersPerQueue, namePrefix, clock);
    }

    /** Use these AWS endpoints (LocalStack, a real account) instead of starting the embedded emulators. */
    public LocalOptions withAws(AwsEndpoints value) {
        return new LocalOptions(template, bindHost, port, dataDir, value, environmentOverrides, secretValues, schedulePeriod, pollersPerQueue, namePrefix, clock);
    }

    public LocalOptions withEnvironment(String name, String value) {
        Map<String, String> env = new HashMap<>(environmentOverrides);
        env.put(name, value);
        return new LocalOptions(template, bindHost, port, dataDir, aws, Map.copyOf(env), secretValues, schedulePeriod, pollersPerQueue, namePrefix, clock);
    }

    /** A fixed initial value for a secret the template declares (by logical id), instead of a generated one. */
    public LocalOptions withSecret(String logicalId, String value) {
        Map<String, String> secrets = new HashMap<>(secretValues);
        secrets.put(logicalId, value);
        return new LocalOptions(template, bindHost, port, dataDir, aws, environmentOverrides, Map.copyOf(secrets), schedulePeriod, pollersPerQueue, namePrefix, clock);
    }

    /** Fire schedules at this period instead of the template's (tests; a rate(1 minute) is slow to watch). */
    public LocalOptions withSchedulePeriod(Duration value) {
        return new LocalOptions(template, bindHost, port, dataDir, aws, environmentOverrides, secretValues, value, pollersPerQueue, namePrefix, clock);
    }

    /**
     * Concurrent batches each SQS event source starts with (default 5, as Lambda does; more are added under a
     * backlog); 0 leaves the queues to the caller (benchmarks).
     */
    public LocalOptions withPollersPerQueue(int value) {
        return new LocalOptions(template, bindHost, port, dataDir, aws, environmentOverrides, secretValues, schedulePeriod, value, namePrefix, clock);
    }

    public LocalOptions withNamePrefix(String value) {
        return new LocalOptions(template, bindHost, port, dataDir, aws, environmentOverrides, secretValues, schedulePeriod, pollersPerQueue, value, clock);
    }

    /** Hand every function this clock (tests move time forward instead of sleeping through retry waits). */
    public LocalOptions withClock(Clock value) {
        return new LocalOptions(template, bindHost, port, dataDir, aws, environmentOverrides, secretValues, schedulePeriod, pollersPerQueue, namePrefix, value);
    }
}
