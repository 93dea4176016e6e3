package dev.hookline.local.testing;

/** Where the platform's AWS resources live during a test run. */
public enum Backend {
    /** DynamoDB Local, ElasticMQ and the Secrets Manager emulator, in this JVM. */
    EMBEDDED,
    /**
     * A moto server ({@code python3 -m moto.server}) on a free port, one per test JVM: a second, independent engine.
     * Test classes on it are skipped, with the reason printed, only where that server cannot start.
     */
    MOTO,
    /** A LocalStack container (Testcontainers); the test class must also carry @Testcontainers(disabledWithoutDocker = true). */
    LOCALSTACK
}
