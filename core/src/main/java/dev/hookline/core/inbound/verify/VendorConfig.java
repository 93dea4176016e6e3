package dev.hookline.core.inbound.verify;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hookline.core.problem.Problem.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * A source verified by a vendor's preset, e.g. {@code {"scheme":"github","secrets":["…"]}} or
 * {@code {"scheme":"sendgrid","public_keys":["MFkw…"],"tolerance_seconds":600}}: the vendor's name, its secrets (or, for
 * vendors signing with a private key, its public keys) and, for vendors that sign a time, the tolerance.
 *
 * @param scheme           a {@link VendorPresets} id; read from the JSON {@code scheme} (written back as the type id)
 * @param toleranceSeconds {@code null} for the vendor's default
 */
public record VendorConfig(@JsonProperty(access = JsonProperty.Access.WRITE_ONLY) String scheme,
                           List<String> secrets, List<String> publicKeys, Integer toleranceSeconds)
        implements SchemeConfig {

    public VendorConfig {
        secrets = ConfigChecks.list(secrets);
        publicKeys = ConfigChecks.list(publicKeys);
    }

    public VendorConfig(VendorPreset preset, List<String> keys, Integer toleranceSeconds) {
        this(preset.id(), preset.usesSecrets() ? keys : null, preset.usesSecrets() ? null : keys, toleranceSeconds);
    }

    public VendorPreset preset() {
        return VendorPresets.find(scheme)
                .orElseThrow(() -> new IllegalStateException("no vendor preset " + scheme));
    }

    @Override
    public SchemeType type() {
        return preset().type();
    }

    @Override
    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        VendorPreset preset = preset();
        String notForScheme = "is not valid for scheme '" + scheme + "'";
        if (preset.usesSecrets()) {
            ConfigChecks.secrets(secrets, "secrets", 1, ConfigChecks.MAX_SECRETS, errors);
            if (!publicKeys.isEmpty()) {
                errors.add(new FieldError("public_keys", notForScheme));
            }
        } else {
            ConfigChecks.secrets(publicKeys, "public_keys", 1, ConfigChecks.MAX_SECRETS, errors);
            for (int i = 0; i < publicKeys.size(); i++) {
                if (publicKeys.get(i) != null && !publicKeys.get(i).isBlank()) {
                    try {
                        EcPublicKeys.parseP256(publicKeys.get(i));
                    } catch (IllegalArgumentException e) {
                        errors.add(new FieldError("public_keys[" + i + "]", e.getMessage()));
                    }
                }
            }
            if (!secrets.isEmpty()) {
                errors.add(new FieldError("secrets", notForScheme));
            }
        }
        if (toleranceSeconds != null) {
            if (!preset.timestamped()) {
                // The vendor signs no time, so a window would be a promise Hookline cannot keep.
                errors.add(new FieldError("tolerance_seconds", notForScheme));
            } else {
                ConfigChecks.tolerance(toleranceSeconds, "tolerance_seconds", errors);
            }
        }
        return errors;
    }

    SignatureScheme build() {
        VendorPreset preset = preset();
        SignatureSpec spec = spec();
        return preset.usesSecrets()
                ? SignatureScheme.withSecrets(preset.type(), spec, MacKeys.utf8(secrets))
                : SignatureScheme.withPublicKeys(preset.type(), spec,
                        publicKeys.stream().map(EcPublicKeys::parseP256).toList());
    }

    /** The preset's convention with this source's tolerance (shared with the signer and the signature doctor). */
    SignatureSpec spec() {
        return toleranceSeconds == null
                ? preset().spec() : preset().spec().withTolerance(ConfigChecks.seconds(toleranceSeconds));
    }

    @Override
    public String toString() {
        return "VendorConfig[scheme=" + scheme + ", secrets=" + ConfigChecks.redacted(secrets) + ", publicKeys="
                + publicKeys + ", toleranceSeconds=" + toleranceSeconds + "]";
    }
}
