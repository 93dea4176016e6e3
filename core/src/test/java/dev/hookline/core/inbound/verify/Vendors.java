package dev.hookline.core.inbound.verify;

import java.util.List;

/** Builds a vendor preset's scheme the way a source's configuration does, so tests exercise the real path. */
final class Vendors {

    private Vendors() {
    }

    static VerificationScheme scheme(VendorPreset preset, List<String> keys) {
        return scheme(preset, keys, null);
    }

    static VerificationScheme scheme(VendorPreset preset, List<String> keys, Integer toleranceSeconds) {
        return SchemeFactory.withoutJwks().create(new VendorConfig(preset, keys, toleranceSeconds));
    }
}
