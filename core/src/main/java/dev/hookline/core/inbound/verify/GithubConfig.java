package dev.hookline.core.inbound.verify;

import dev.hookline.core.problem.Problem.FieldError;
import java.util.ArrayList;
import java.util.List;

/** GitHub: the webhook secret(s). GitHub signs no timestamp, so there is no tolerance to configure. */
public record GithubConfig(List<String> secrets) implements SchemeConfig {

    public GithubConfig {
        secrets = ConfigChecks.list(secrets);
    }

    @Override
    public SchemeType type() {
        return SchemeType.GITHUB;
    }

    @Override
    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        ConfigChecks.secrets(secrets, "secrets", 1, ConfigChecks.MAX_SECRETS, errors);
        return errors;
    }

    GithubScheme build() {
        return new GithubScheme(secrets);
    }

    @Override
    public String toString() {
        return "GithubConfig[secrets=" + ConfigChecks.redacted(secrets) + "]";
    }
}
