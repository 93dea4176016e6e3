package dev.hookline.local.testing;

/** Where the platform's AWS resources live during a test run. */
public enum Backend {
    /** DynamoDB Local, ElasticMQ and the Secrets Manager emulator, in this JVM. */
    EMBEDDED,
    /** A LocalStack container (Testcontainers); the test class must also carry @Testcontainers(disabledWithoutDocker = true). */
    LOCALSTACK
}
