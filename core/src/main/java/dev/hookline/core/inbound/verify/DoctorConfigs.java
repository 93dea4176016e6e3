package dev.hookline.core.inbound.verify;

import java.util.List;
import java.util.Optional;

/** The signature doctor's view of a scheme configuration: its secrets and window, and copies with other secrets. */
final class DoctorConfigs {

    private DoctorConfigs() {
    }

    /** The HMAC secrets as configured (none for bearer, jwt, none, and vendors that sign with a private key). */
    static List<String> secrets(SchemeConfig config) {
        return switch (config) {
            case StandardWebhooksConfig c -> c.secrets();
            case VendorConfig c -> c.secrets();
            case HmacConfig c -> c.secrets();
            default -> List.of();
        };
    }

    /** The timestamp window in seconds, for schemes that sign a timestamp. */
    static Optional<Long> tolerance(SchemeConfig config) {
        return Optional.ofNullable(switch (config) {
            case StandardWebhooksConfig c -> c.toleranceSeconds() == null ? null : c.toleranceSeconds().longValue();
            case VendorConfig c -> c.preset().timestamped() ? c.spec().tolerance().toSeconds() : null;
            case HmacConfig c -> c.timestampHeader() == null ? null : c.spec().tolerance().toSeconds();
            default -> null;
        });
    }

    /** The same settings with other secrets (empty for schemes without HMAC secrets). */
    static Optional<SchemeConfig> withSecrets(SchemeConfig config, List<String> secrets) {
        return Optional.ofNullable(switch (config) {
            case StandardWebhooksConfig c -> new StandardWebhooksConfig(secrets, List.of(), c.toleranceSeconds());
            case VendorConfig c -> c.preset().usesSecrets()
                    ? new VendorConfig(c.scheme(), secrets, null, c.toleranceSeconds()) : null;
            case HmacConfig c -> new HmacConfig(secrets, c.algorithm(), c.header(), c.prefix(), c.encoding(),
                    c.template(), c.timestampHeader(), c.idHeader(), c.toleranceSeconds());
            default -> null;
        });
    }

    /** Another scheme's default settings with these secrets: "does it verify as that scheme instead?" */
    static Optional<SchemeConfig> asScheme(SchemeType type, List<String> secrets) {
        if (type.equals(SchemeType.STANDARD_WEBHOOKS)) {
            return Optional.of(new StandardWebhooksConfig(secrets, List.of(), null));
        }
        return VendorPresets.find(type.id()).filter(VendorPreset::usesSecrets)
                .map(preset -> new VendorConfig(preset, secrets, null));
    }
}
