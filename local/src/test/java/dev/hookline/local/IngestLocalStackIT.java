package dev.hookline.local;

import dev.hookline.local.testing.Backend;
import dev.hookline.local.testing.WithPlatform;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The ingest suite against LocalStack; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
@WithPlatform(Backend.LOCALSTACK)
class IngestLocalStackIT extends IngestIT {
}
