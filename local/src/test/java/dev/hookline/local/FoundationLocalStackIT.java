package dev.hookline.local;

import dev.hookline.local.testing.Backend;
import dev.hookline.local.testing.WithPlatform;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The same tests against LocalStack (localstack/localstack:4.14.0): template.yaml is provisioned there by
 * the same code, only the AWS endpoints differ. Skipped where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
@WithPlatform(Backend.LOCALSTACK)
class FoundationLocalStackIT extends FoundationIT {
}
