package dev.hookline.local;

import dev.hookline.local.testing.Backend;
import dev.hookline.local.testing.WithPlatform;

/**
 * The delivery suite against a moto server (python3 -m moto.server): template.yaml provisioned there by the same code,
 * only the AWS endpoints differ. Skipped, with the reason printed, only where moto cannot start.
 */
@WithPlatform(Backend.MOTO)
class DeliveryMotoIT extends DeliveryIT {
}
