package dev.hookline.core.inbound.verify;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import dev.hookline.core.problem.Problem.FieldError;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * JWT bearer tokens. Exactly one key source: {@code hmac_secrets} (HS*), {@code public_keys} (PEM or JWK; RSA, EC,
 * Ed25519) or {@code jwks_url}. Symmetric and asymmetric algorithms never mix: HS* is allowed only with HMAC secrets
 * and only HS* is allowed with them, which rules out algorithm confusion at configuration time as well as at runtime.
 *
 * @param header           defaults to {@code Authorization} with {@code Bearer}
 * @param algorithms       allow-list; defaults to HS256 for HMAC secrets, else RS256, ES256, EdDSA, Ed25519
 * @param issuer           required {@code iss} when set
 * @param audience         value {@code aud} must contain when set
 * @param clockSkewSeconds leeway for {@code exp}/{@code nbf}, 0..300, default 60
 */
@JsonIgnoreProperties("scheme")
public record JwtConfig(String header, List<String> hmacSecrets, List<String> publicKeys, String jwksUrl,
                        List<String> algorithms, String issuer, String audience, Integer clockSkewSeconds)
        implements SchemeConfig {

    static final int MAX_CLOCK_SKEW_SECONDS = 300;
    /** HS256 needs a key of at least its 256-bit output (RFC 7518 §3.2); nimbus enforces the same. */
    static final int MIN_HMAC_SECRET_BYTES = 32;

    private static final Set<JWSAlgorithm> KNOWN = Set.of(
            JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512,
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512,
            JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

    public JwtConfig {
        hmacSecrets = ConfigChecks.list(hmacSecrets);
        publicKeys = ConfigChecks.list(publicKeys);
        algorithms = ConfigChecks.list(algorithms);
        clockSkewSeconds = clockSkewSeconds == null ? (int) JwtScheme.DEFAULT_CLOCK_SKEW.toSeconds() : clockSkewSeconds;
    }

    @Override
    public SchemeType type() {
        return SchemeType.JWT;
    }

    @Override
    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        ConfigChecks.headerName(header, "header", false, errors);
        int sources = (hmacSecrets.isEmpty() ? 0 : 1) + (publicKeys.isEmpty() ? 0 : 1) + (jwksUrl == null ? 0 : 1);
        if (sources != 1) {
            errors.add(new FieldError("jwks_url", "configure exactly one of hmac_secrets, public_keys, jwks_url"));
        }
        ConfigChecks.secrets(hmacSecrets, "hmac_secrets", 0, ConfigChecks.MAX_SECRETS, errors);
        for (int i = 0; i < hmacSecrets.size(); i++) {
            String s = hmacSecrets.get(i);
            if (s != null && !s.isBlank() && s.getBytes(StandardCharsets.UTF_8).length < MIN_HMAC_SECRET_BYTES) {
                errors.add(new FieldError("hmac_secrets[" + i + "]",
                        "must be at least " + MIN_HMAC_SECRET_BYTES + " bytes"));
            }
        }
        ConfigChecks.secrets(publicKeys, "public_keys", 0, ConfigChecks.MAX_SECRETS, errors);
        for (int i = 0; i < publicKeys.size(); i++) {
            if (publicKeys.get(i) != null && !publicKeys.get(i).isBlank()) {
                try {
                    PublicKeys.parse(publicKeys.get(i));
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError("public_keys[" + i + "]", e.getMessage()));
                }
            }
        }
        // The scheme and target are the URL guard's call (https and public addresses in production), checked
        // when the source is saved and again at every fetch; here only the shape.
        if (jwksUrl != null && !isHttpUrl(jwksUrl)) {
            errors.add(new FieldError("jwks_url", "must be an absolute https URL"));
        }
        validateAlgorithms(errors);
        if (issuer != null && issuer.isBlank()) {
            errors.add(new FieldError("issuer", "must not be blank when set"));
        }
        if (audience != null && audience.isBlank()) {
            errors.add(new FieldError("audience", "must not be blank when set"));
        }
        if (clockSkewSeconds < 0 || clockSkewSeconds > MAX_CLOCK_SKEW_SECONDS) {
            errors.add(new FieldError("clock_skew_seconds", "must be between 0 and " + MAX_CLOCK_SKEW_SECONDS));
        }
        return errors;
    }

    private void validateAlgorithms(List<FieldError> errors) {
        for (int i = 0; i < algorithms.size(); i++) {
            String name = algorithms.get(i);
            String field = "algorithms[" + i + "]";
            if (name == null || name.isBlank() || name.strip().equalsIgnoreCase("none")) {
                errors.add(new FieldError(field, "unsigned tokens (none) are never accepted"));
                continue;
            }
            JWSAlgorithm alg = JWSAlgorithm.parse(name.strip());
            if (!KNOWN.contains(alg)) {
                errors.add(new FieldError(field, "unsupported algorithm"));
            } else if (JWSAlgorithm.Family.HMAC_SHA.contains(alg) != !hmacSecrets.isEmpty()) {
                errors.add(new FieldError(field, hmacSecrets.isEmpty()
                        ? "HS* algorithms need hmac_secrets" : "only HS* algorithms work with hmac_secrets"));
            }
        }
    }

    JwtScheme build(JwksProvider jwks) {
        JwtKeys keys;
        if (!hmacSecrets.isEmpty()) {
            keys = JwtKeys.fixed(hmacSecrets.stream()
                    .<JWK>map(s -> new OctetSequenceKey.Builder(s.getBytes(StandardCharsets.UTF_8)).build())
                    .toList());
        } else if (!publicKeys.isEmpty()) {
            keys = JwtKeys.fixed(publicKeys.stream().map(PublicKeys::parse).toList());
        } else {
            keys = JwtKeys.jwks(jwks, jwksUrl);
        }
        return new JwtScheme(header, keys, allowedAlgorithms(), issuer, audience,
                ConfigChecks.seconds(clockSkewSeconds));
    }

    Set<JWSAlgorithm> allowedAlgorithms() {
        if (algorithms.isEmpty()) {
            return hmacSecrets.isEmpty() ? JwtScheme.DEFAULT_ASYMMETRIC : JwtScheme.DEFAULT_HMAC;
        }
        Set<JWSAlgorithm> out = new LinkedHashSet<>();
        algorithms.forEach(a -> out.add(JWSAlgorithm.parse(a.strip())));
        return out;
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            return uri.getScheme() != null && uri.getScheme().toLowerCase(Locale.ROOT).startsWith("http")
                    && uri.getHost() != null && !uri.getHost().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "JwtConfig[header=" + header + ", hmacSecrets=" + ConfigChecks.redacted(hmacSecrets) + ", publicKeys="
                + publicKeys.size() + ", jwksUrl=" + jwksUrl + ", algorithms=" + algorithms + ", issuer=" + issuer
                + ", audience=" + audience + ", clockSkewSeconds=" + clockSkewSeconds + "]";
    }
}
