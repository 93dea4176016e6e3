package dev.hookline.core.inbound.verify;

import dev.hookline.core.problem.Problem.FieldError;
import java.util.ArrayList;
import java.util.List;

/** Twilio: the account auth token(s); a secondary token can be added while Twilio rotates. */
public record TwilioConfig(List<String> secrets) implements SchemeConfig {

    public TwilioConfig {
        secrets = ConfigChecks.list(secrets);
    }

    @Override
    public SchemeType type() {
        return SchemeType.TWILIO;
    }

    @Override
    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        ConfigChecks.secrets(secrets, "secrets", 1, ConfigChecks.MAX_SECRETS, errors);
        return errors;
    }

    TwilioScheme build() {
        return new TwilioScheme(secrets);
    }

    @Override
    public String toString() {
        return "TwilioConfig[secrets=" + ConfigChecks.redacted(secrets) + "]";
    }
}
