package dev.hookline.core.inbound.verify;

import dev.hookline.core.problem.Problem.FieldError;
import java.util.ArrayList;
import java.util.List;

/** Stripe: the endpoint's {@code whsec_…} signing secret(s), used verbatim as the HMAC key. */
public record StripeConfig(List<String> secrets, Integer toleranceSeconds) implements SchemeConfig {

    public StripeConfig {
        secrets = ConfigChecks.list(secrets);
        toleranceSeconds = toleranceSeconds == null ? ConfigChecks.DEFAULT_TOLERANCE_SECONDS : toleranceSeconds;
    }

    @Override
    public SchemeType type() {
        return SchemeType.STRIPE;
    }

    @Override
    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        ConfigChecks.secrets(secrets, "secrets", 1, ConfigChecks.MAX_SECRETS, errors);
        ConfigChecks.tolerance(toleranceSeconds, "tolerance_seconds", errors);
        return errors;
    }

    StripeScheme build() {
        return new StripeScheme(secrets, ConfigChecks.seconds(toleranceSeconds));
    }

    @Override
    public String toString() {
        return "StripeConfig[secrets=" + ConfigChecks.redacted(secrets) + ", toleranceSeconds=" + toleranceSeconds
                + "]";
    }
}
