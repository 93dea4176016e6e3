package dev.hookline.local;

import dev.hookline.local.testing.Backend;
import dev.hookline.local.testing.WithPlatform;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The delivery suite against LocalStack; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
@WithPlatform(Backend.LOCALSTACK)
class DeliveryLocalStackIT extends DeliveryIT {
}
