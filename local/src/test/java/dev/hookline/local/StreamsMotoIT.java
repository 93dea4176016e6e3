package dev.hookline.local;

import dev.hookline.local.testing.Backend;
import dev.hookline.local.testing.WithPlatform;

/**
 * The streams suite against a moto server: attachments go to moto's S3 (the bucket provisioned from
 * template.yaml), everything else as on the embedded engine. Skipped, with the reason printed, only where moto
 * cannot start.
 */
@WithPlatform(Backend.MOTO)
class StreamsMotoIT extends StreamsIT {
}
