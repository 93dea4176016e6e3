package dev.hookline.core.inbound.verify;

import dev.hookline.core.problem.Problem.FieldError;
import java.util.ArrayList;
import java.util.List;

/** Shopify: the app's client secret(s). Shopify signs no timestamp, so there is no tolerance to configure. */
public record ShopifyConfig(List<String> secrets) implements SchemeConfig {

    public ShopifyConfig {
        secrets = ConfigChecks.list(secrets);
    }

    @Override
    public SchemeType type() {
        return SchemeType.SHOPIFY;
    }

    @Override
    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        ConfigChecks.secrets(secrets, "secrets", 1, ConfigChecks.MAX_SECRETS, errors);
        return errors;
    }

    ShopifyScheme build() {
        return new ShopifyScheme(secrets);
    }

    @Override
    public String toString() {
        return "ShopifyConfig[secrets=" + ConfigChecks.redacted(secrets) + "]";
    }
}
