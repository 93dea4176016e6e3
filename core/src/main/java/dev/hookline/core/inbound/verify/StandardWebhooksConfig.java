package dev.hookline.core.inbound.verify;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.hookline.core.problem.Problem.FieldError;
import dev.hookline.core.signing.Ed25519PublicKey;
import dev.hookline.core.signing.SigningSecret;
import java.util.ArrayList;
import java.util.List;

/** Standard Webhooks: {@code whsec_…} secrets for v1 and/or {@code whpk_…} public keys for v1a. */
@JsonIgnoreProperties("scheme")
public record StandardWebhooksConfig(List<String> secrets, List<String> publicKeys, Integer toleranceSeconds)
        implements SchemeConfig {

    public StandardWebhooksConfig {
        secrets = ConfigChecks.list(secrets);
        publicKeys = ConfigChecks.list(publicKeys);
        toleranceSeconds = toleranceSeconds == null ? ConfigChecks.DEFAULT_TOLERANCE_SECONDS : toleranceSeconds;
    }

    @Override
    public SchemeType type() {
        return SchemeType.STANDARD_WEBHOOKS;
    }

    @Override
    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        if (secrets.isEmpty() && publicKeys.isEmpty()) {
            errors.add(new FieldError("secrets", "at least one secret or public key is required"));
        }
        ConfigChecks.secrets(secrets, "secrets", 0, ConfigChecks.MAX_SECRETS, errors);
        ConfigChecks.secrets(publicKeys, "public_keys", 0, ConfigChecks.MAX_SECRETS, errors);
        for (int i = 0; i < secrets.size(); i++) {
            try {
                if (secrets.get(i) != null && !secrets.get(i).isBlank()) {
                    SigningSecret.parse(secrets.get(i));
                }
            } catch (IllegalArgumentException e) {
                // SigningSecret's messages never contain the input.
                errors.add(new FieldError("secrets[" + i + "]", e.getMessage()));
            }
        }
        for (int i = 0; i < publicKeys.size(); i++) {
            try {
                if (publicKeys.get(i) != null && !publicKeys.get(i).isBlank()) {
                    Ed25519PublicKey.parse(publicKeys.get(i));
                }
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("public_keys[" + i + "]", e.getMessage()));
            }
        }
        ConfigChecks.tolerance(toleranceSeconds, "tolerance_seconds", errors);
        return errors;
    }

    StandardWebhooksScheme build() {
        return new StandardWebhooksScheme(secrets.stream().map(SigningSecret::parse).toList(),
                publicKeys.stream().map(Ed25519PublicKey::parse).toList(), ConfigChecks.seconds(toleranceSeconds));
    }

    @Override
    public String toString() {
        return "StandardWebhooksConfig[secrets=" + ConfigChecks.redacted(secrets) + ", publicKeys=" + publicKeys
                + ", toleranceSeconds=" + toleranceSeconds + "]";
    }
}
