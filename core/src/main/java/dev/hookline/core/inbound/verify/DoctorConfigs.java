package dev.hookline.core.inbound.verify;

import java.util.List;
import java.util.Optional;

/** The signature doctor's view of a scheme configuration: its secrets and window, and copies with other secrets. */
final class DoctorConfigs {

    private DoctorConfigs() {
    }

    static List<String> secrets(SchemeConfig config) {
        return switch (config) {
            case StandardWebhooksConfig c -> c.secrets();
            case StripeConfig c -> c.secrets();
            case GithubConfig c -> c.secrets();
            case ShopifyConfig c -> c.secrets();
            case SlackConfig c -> c.secrets();
            case TwilioConfig c -> c.secrets();
            case HmacConfig c -> c.secrets();
            default -> List.of();
        };
    }

    /** The timestamp window in seconds, for schemes that sign a timestamp. */
    static Optional<Integer> tolerance(SchemeConfig config) {
        return Optional.ofNullable(switch (config) {
            case StandardWebhooksConfig c -> c.toleranceSeconds();
            case StripeConfig c -> c.toleranceSeconds();
            case SlackConfig c -> c.toleranceSeconds();
            case HmacConfig c -> c.timestampHeader() == null ? null : c.toleranceSeconds();
            default -> null;
        });
    }

    /** The same settings with other secrets (empty for schemes without HMAC secrets). */
    static Optional<SchemeConfig> withSecrets(SchemeConfig config, List<String> secrets) {
        return Optional.ofNullable(switch (config) {
            case StandardWebhooksConfig c -> new StandardWebhooksConfig(secrets, List.of(), c.toleranceSeconds());
            case StripeConfig c -> new StripeConfig(secrets, c.toleranceSeconds());
            case GithubConfig c -> new GithubConfig(secrets);
            case ShopifyConfig c -> new ShopifyConfig(secrets);
            case SlackConfig c -> new SlackConfig(secrets, c.toleranceSeconds());
            case TwilioConfig c -> new TwilioConfig(secrets);
            case HmacConfig c -> new HmacConfig(secrets, c.algorithm(), c.header(), c.prefix(), c.encoding(),
                    c.template(), c.timestampHeader(), c.idHeader(), c.toleranceSeconds());
            default -> null;
        });
    }

    /** Another scheme's default settings with these secrets: "does it verify as that scheme instead?" */
    static Optional<SchemeConfig> asScheme(SchemeType type, List<String> secrets) {
        return Optional.ofNullable(switch (type) {
            case STANDARD_WEBHOOKS -> new StandardWebhooksConfig(secrets, List.of(), null);
            case STRIPE -> new StripeConfig(secrets, null);
            case GITHUB -> new GithubConfig(secrets);
            case SHOPIFY -> new ShopifyConfig(secrets);
            case SLACK -> new SlackConfig(secrets, null);
            case TWILIO -> new TwilioConfig(secrets);
            default -> null;
        });
    }
}
