package dev.hookline.core.inbound.verify;

import dev.hookline.core.problem.Problem.FieldError;
import java.util.ArrayList;
import java.util.List;

/** Slack: the app's signing secret(s) and the request-timestamp window. */
public record SlackConfig(List<String> secrets, Integer toleranceSeconds) implements SchemeConfig {

    public SlackConfig {
        secrets = ConfigChecks.list(secrets);
        toleranceSeconds = toleranceSeconds == null ? ConfigChecks.DEFAULT_TOLERANCE_SECONDS : toleranceSeconds;
    }

    @Override
    public SchemeType type() {
        return SchemeType.SLACK;
    }

    @Override
    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        ConfigChecks.secrets(secrets, "secrets", 1, ConfigChecks.MAX_SECRETS, errors);
        ConfigChecks.tolerance(toleranceSeconds, "tolerance_seconds", errors);
        return errors;
    }

    SlackScheme build() {
        return new SlackScheme(secrets, ConfigChecks.seconds(toleranceSeconds));
    }

    @Override
    public String toString() {
        return "SlackConfig[secrets=" + ConfigChecks.redacted(secrets) + ", toleranceSeconds=" + toleranceSeconds
                + "]";
    }
}
