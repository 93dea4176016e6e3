package dev.hookline.core.inbound.verify;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import dev.hookline.core.inbound.verify.Verification.Reason;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A compact JWS in {@code Authorization: Bearer} (or a configured header), checked in this order: it is signed (never
 * {@code alg: none}, never JWE), its algorithm is on the allow-list, a key of the matching type verifies it, and only
 * then are the now-authentic claims judged: {@code exp} required, {@code nbf} honoured, both with clock skew, and
 * {@code iss}/{@code aud} when configured.
 *
 * <p>Verification is done with nimbus verifiers directly rather than {@code DefaultJWTProcessor} because we need the
 * injected {@code now}, our own Ed25519 verifier, and distinct reason codes for "no key", "bad signature" and "bad
 * claims".
 */
public final class JwtScheme implements VerificationScheme {

    public static final Set<JWSAlgorithm> DEFAULT_ASYMMETRIC =
            Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);
    public static final Set<JWSAlgorithm> DEFAULT_HMAC = Set.of(JWSAlgorithm.HS256);
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

    /** Real tokens are well under this; a cap keeps parsing cost bounded for garbage input. */
    static final int MAX_TOKEN_LENGTH = 16 * 1024;

    private final CredentialHeader header;
    private final JwtKeys keys;
    private final Set<JWSAlgorithm> algorithms;
    private final String issuer;
    private final String audience;
    private final Duration clockSkew;

    /**
     * @param header   {@code null} for {@code Authorization: Bearer <jwt>}
     * @param issuer   required {@code iss}, or {@code null} to accept any
     * @param audience value that {@code aud} must contain, or {@code null} to accept any
     */
    public JwtScheme(String header, JwtKeys keys, Set<JWSAlgorithm> algorithms, String issuer, String audience,
                     Duration clockSkew) {
        this.header = new CredentialHeader(header);
        this.keys = Objects.requireNonNull(keys, "keys");
        this.algorithms = Set.copyOf(algorithms);
        if (this.algorithms.isEmpty() || this.algorithms.stream().anyMatch(a -> a.getName().equals("none"))) {
            throw new IllegalArgumentException("algorithms must be non-empty and must not contain none");
        }
        this.issuer = issuer;
        this.audience = audience;
        this.clockSkew = Objects.requireNonNullElse(clockSkew, DEFAULT_CLOCK_SKEW);
    }

    @Override
    public SchemeType type() {
        return SchemeType.JWT;
    }

    @Override
    public Verification verify(InboundRequest request, Instant now) {
        Optional<String> token = header.token(request);
        if (token.isEmpty()) {
            return Verification.fail(Reason.MISSING_HEADER, "missing header(s): " + header.name());
        }
        if (token.get().length() > MAX_TOKEN_LENGTH) {
            return Verification.fail(Reason.BAD_JWT, "token is too long");
        }
        JWT parsed;
        try {
            parsed = JWTParser.parse(token.get());
        } catch (ParseException e) {
            return Verification.fail(Reason.BAD_JWT, "not a compact JWT");
        }
        if (!(parsed instanceof SignedJWT jwt)) {
            return Verification.fail(Reason.BAD_JWT, "only signed (JWS) tokens are accepted");
        }
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        if (!algorithms.contains(alg)) {
            return Verification.fail(Reason.BAD_JWT, "algorithm " + alg.getName() + " is not allowed");
        }

        List<JWK> candidates;
        try {
            candidates = keys.candidates(jwt.getHeader());
        } catch (RuntimeException e) {
            return Verification.fail(Reason.KEY_UNAVAILABLE, "verification keys are currently unavailable");
        }
        var verifiers = candidates.stream().flatMap(k -> JwsVerifiers.forKey(k, alg).stream()).toList();
        if (verifiers.isEmpty()) {
            return Verification.fail(Reason.BAD_JWT, "no configured key fits the token's kid and algorithm");
        }
        boolean signed = false;
        for (var verifier : verifiers) {
            try {
                if (jwt.verify(verifier)) {
                    signed = true;
                    break;
                }
            } catch (JOSEException | IllegalStateException e) {
                // A verifier that cannot process this token is a non-match, like a wrong signature.
            }
        }
        if (!signed) {
            return Verification.fail(Reason.BAD_SIGNATURE, "JWT signature does not match any configured key");
        }
        try {
            return checkClaims(jwt.getJWTClaimsSet(), now);
        } catch (ParseException e) {
            return Verification.fail(Reason.BAD_JWT, "claims are not a JSON object");
        }
    }

    private Verification checkClaims(JWTClaimsSet claims, Instant now) {
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            return Verification.fail(Reason.BAD_JWT, "exp claim is required");
        }
        if (now.isAfter(exp.toInstant().plus(clockSkew))) {
            return Verification.fail(Reason.BAD_JWT, "token has expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(clockSkew).isBefore(nbf.toInstant())) {
            return Verification.fail(Reason.BAD_JWT, "token is not valid yet (nbf)");
        }
        // Claim values come from the sender; they are not echoed into the detail.
        if (issuer != null && !issuer.equals(claims.getIssuer())) {
            return Verification.fail(Reason.BAD_JWT, "iss does not match the configured issuer");
        }
        if (audience != null && (claims.getAudience() == null || !claims.getAudience().contains(audience))) {
            return Verification.fail(Reason.BAD_JWT, "aud does not contain the configured audience");
        }
        return Verification.ok("JWT verified");
    }
}
