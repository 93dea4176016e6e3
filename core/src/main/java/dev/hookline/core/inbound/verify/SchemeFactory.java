package dev.hookline.core.inbound.verify;

import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.Problem.FieldError;
import java.util.List;
import java.util.Objects;

/**
 * Turns a validated {@link SchemeConfig} into its {@link VerificationScheme}. Validation always runs first, so an
 * invalid stored configuration fails loudly (422 at the API, an error at ingest) instead of half-working.
 */
public final class SchemeFactory {

    private final JwksProvider jwks;

    /** @param jwks how JWT sources with a {@code jwks_url} obtain keys (infra: cached HTTPS fetch) */
    public SchemeFactory(JwksProvider jwks) {
        this.jwks = Objects.requireNonNull(jwks, "jwks");
    }

    /** For contexts that never fetch keys (e.g. validating input): JWKS-backed schemes report key_unavailable. */
    public static SchemeFactory withoutJwks() {
        return new SchemeFactory(url -> {
            throw new JwksUnavailableException("JWKS fetching is not available here");
        });
    }

    /** @throws dev.hookline.core.problem.ProblemException a 422 validation problem listing every field error */
    public VerificationScheme create(SchemeConfig config) {
        Objects.requireNonNull(config, "config");
        List<FieldError> errors = config.validate();
        if (!errors.isEmpty()) {
            throw Problem.invalid("verification settings for " + config.type().id() + " are not valid", errors)
                    .toException();
        }
        return switch (config) {
            case StandardWebhooksConfig c -> c.build();
            case VendorConfig c -> c.build();
            case HmacConfig c -> c.build();
            case BearerConfig c -> c.build();
            case JwtConfig c -> c.build(jwks);
            case NoneConfig c -> new NoneScheme();
        };
    }
}
