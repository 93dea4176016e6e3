package dev.hookline.core.inbound.verify;

import static dev.hookline.core.inbound.verify.Requests.headers;
import static dev.hookline.core.inbound.verify.Requests.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.hookline.core.inbound.verify.Verification.Reason;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JwtSchemeTest {

    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
    private static final String ISS = "https://issuer.example";
    private static final String AUD = "hookline";
    private static final String HMAC_SECRET = "0123456789abcdef0123456789abcdef";
    private static final RSAKey RSA = generateRsa("rsa-1");
    private static final RSAKey RSA_2 = generateRsa("rsa-2");
    private static final ECKey EC = generateEc("ec-1");

    private static RSAKey generateRsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey generateEc(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().issuer(ISS).audience(AUD).subject("sender")
                .issueTime(Date.from(NOW)).expirationTime(Date.from(NOW.plusSeconds(300)));
    }

    private static String sign(JWSSigner signer, JWSAlgorithm alg, String kid, JWTClaimsSet claims) {
        try {
            var header = new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build();
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String rs256(RSAKey key, JWTClaimsSet claims) {
        try {
            return sign(new RSASSASigner(key), JWSAlgorithm.RS256, key.getKeyID(), claims);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static InboundRequest bearer(String token) {
        return post(headers("Authorization", "Bearer " + token), "{}");
    }

    private static JwtScheme fixed(JWK key, String issuer, String audience) {
        return new JwtScheme(null, JwtKeys.fixed(List.of(key)), JwtScheme.DEFAULT_ASYMMETRIC, issuer, audience, null);
    }

    private static JwtScheme rsaScheme() {
        return fixed(RSA.toPublicJWK(), ISS, AUD);
    }

    @Test
    void validRs256Token() {
        Expect.verified(rsaScheme().verify(bearer(rs256(RSA, claims().build())), NOW));
    }

    @Test
    void validEs256Token() throws Exception {
        String token = sign(new ECDSASigner(EC), JWSAlgorithm.ES256, EC.getKeyID(), claims().build());
        Expect.verified(fixed(EC.toPublicJWK(), ISS, AUD).verify(bearer(token), NOW));
    }

    @Test
    void validEd25519TokenViaTheJdkVerifier() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        OctetKeyPair jwk = new OctetKeyPair.Builder(Curve.Ed25519,
                Base64URL.encode(JdkEd25519Verifier.rawOf(pair.getPublic()))).keyID("ed-1").build();
        for (String alg : List.of("EdDSA", "Ed25519")) {
            String header = b64("{\"alg\":\"" + alg + "\",\"kid\":\"ed-1\"}");
            String payload = b64(claims().build().toString());
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(pair.getPrivate());
            signer.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            String token = header + "." + payload + "." + Base64URL.encode(signer.sign());
            Expect.verified(fixed(jwk, ISS, AUD).verify(bearer(token), NOW));
            Expect.reason(Reason.BAD_SIGNATURE,
                    fixed(jwk, ISS, AUD).verify(bearer(header + "." + b64("{\"exp\":1}") + "." + token.split("\\.")[2]),
                            NOW));
        }
    }

    @Test
    void expiredAndNotYetValidTokensWithClockSkew() {
        JWTClaimsSet expired = claims().expirationTime(Date.from(NOW.minusSeconds(61))).build();
        Expect.reason(Reason.BAD_JWT, rsaScheme().verify(bearer(rs256(RSA, expired)), NOW));
        JWTClaimsSet withinSkew = claims().expirationTime(Date.from(NOW.minusSeconds(59))).build();
        Expect.verified(rsaScheme().verify(bearer(rs256(RSA, withinSkew)), NOW));
        JWTClaimsSet early = claims().notBeforeTime(Date.from(NOW.plusSeconds(61))).build();
        Expect.reason(Reason.BAD_JWT, rsaScheme().verify(bearer(rs256(RSA, early)), NOW));
        JWTClaimsSet noExp = claims().expirationTime(null).build();
        Verification v = rsaScheme().verify(bearer(rs256(RSA, noExp)), NOW);
        Expect.reason(Reason.BAD_JWT, v);
        assertTrue(v.detail().contains("exp"));
    }

    @Test
    void wrongIssuerOrAudience() {
        Expect.reason(Reason.BAD_JWT,
                rsaScheme().verify(bearer(rs256(RSA, claims().issuer("https://evil").build())), NOW));
        Expect.reason(Reason.BAD_JWT, rsaScheme().verify(bearer(rs256(RSA, claims().audience("other").build())), NOW));
        Expect.reason(Reason.BAD_JWT,
                rsaScheme().verify(bearer(rs256(RSA, claims().audience(List.of()).build())), NOW));
        Expect.verified(rsaScheme().verify(bearer(rs256(RSA, claims().audience(List.of("x", AUD)).build())), NOW));
        // Not configured: not checked.
        Expect.verified(fixed(RSA.toPublicJWK(), null, null)
                .verify(bearer(rs256(RSA, claims().issuer("any").audience("any").build())), NOW));
    }

    @Test
    void algNoneIsRefused() {
        String token = new PlainJWT(claims().build()).serialize();
        Verification v = rsaScheme().verify(bearer(token), NOW);
        Expect.reason(Reason.BAD_JWT, v);
        // Also a hand-made "none" token with a dangling signature part.
        String none = b64("{\"alg\":\"none\"}") + "." + b64(claims().build().toString()) + ".";
        Expect.reason(Reason.BAD_JWT, rsaScheme().verify(bearer(none), NOW));
    }

    @Test
    void hs256SignedWithThePublicKeyIsRefused() throws Exception {
        // The classic confusion attack: use the RSA public key's bytes as an HMAC secret.
        byte[] publicBytes = RSA.toRSAPublicKey().getEncoded();
        String forged = sign(new MACSigner(publicBytes), JWSAlgorithm.HS256, RSA.getKeyID(), claims().build());
        Expect.reason(Reason.BAD_JWT, rsaScheme().verify(bearer(forged), NOW));
        // Even if someone wrongly allows HS256 next to an RSA key, no HMAC verifier exists for it.
        var lax = new JwtScheme(null, JwtKeys.fixed(List.of(RSA.toPublicJWK())),
                Set.of(JWSAlgorithm.RS256, JWSAlgorithm.HS256), ISS, AUD, null);
        Expect.reason(Reason.BAD_JWT, lax.verify(bearer(forged), NOW));
    }

    @Test
    void hs256WithAConfiguredSecret() throws Exception {
        var scheme = SchemeFactory.withoutJwks().create(
                new JwtConfig(null, List.of(HMAC_SECRET), null, null, null, ISS, AUD, null));
        String token = sign(new MACSigner(HMAC_SECRET), JWSAlgorithm.HS256, null, claims().build());
        Expect.verified(scheme.verify(bearer(token), NOW));
        String wrong = sign(new MACSigner(HMAC_SECRET.replace('0', 'x')), JWSAlgorithm.HS256, null, claims().build());
        Expect.reason(Reason.BAD_SIGNATURE, scheme.verify(bearer(wrong), NOW));
        Expect.reason(Reason.BAD_JWT, scheme.verify(bearer(rs256(RSA, claims().build())), NOW));
    }

    @Test
    void wrongKeyIsABadSignature() {
        // A configured JWK with a kid is only tried for tokens naming that kid (or none).
        Expect.reason(Reason.BAD_JWT, rsaScheme().verify(bearer(rs256(RSA_2, claims().build())), NOW));
        try {
            String t = sign(new RSASSASigner(RSA_2), JWSAlgorithm.RS256, "rsa-1", claims().build());
            Expect.reason(Reason.BAD_SIGNATURE, rsaScheme().verify(bearer(t), NOW));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void tamperedPayloadIsABadSignature() {
        String[] parts = rs256(RSA, claims().build()).split("\\.");
        String forged = parts[0] + "." + b64(claims().subject("admin").build().toString()) + "." + parts[2];
        Expect.reason(Reason.BAD_SIGNATURE, rsaScheme().verify(bearer(forged), NOW));
    }

    @Test
    void missingOrMalformedCredentials() {
        Expect.reason(Reason.MISSING_HEADER, rsaScheme().verify(post(Map.of(), "{}"), NOW));
        Expect.reason(Reason.MISSING_HEADER,
                rsaScheme().verify(post(headers("Authorization", "Basic dXNlcjpwYXNz"), "{}"), NOW));
        Expect.reason(Reason.BAD_JWT, rsaScheme().verify(bearer("not.a.jwt"), NOW));
        Expect.reason(Reason.BAD_JWT, rsaScheme().verify(bearer("x".repeat(JwtScheme.MAX_TOKEN_LENGTH + 1)), NOW));
    }

    @Test
    void customHeader() {
        var scheme = new JwtScheme("X-Webhook-Token", JwtKeys.fixed(List.of(RSA.toPublicJWK())),
                JwtScheme.DEFAULT_ASYMMETRIC, ISS, AUD, Duration.ZERO);
        String token = rs256(RSA, claims().build());
        Expect.verified(scheme.verify(post(headers("x-webhook-token", token), "{}"), NOW));
        Expect.reason(Reason.MISSING_HEADER, scheme.verify(bearer(token), NOW));
    }

    @Test
    void secondOfTwoConfiguredPublicKeysVerifies() {
        var scheme = new JwtScheme(null, JwtKeys.fixed(List.of(RSA_2.toPublicJWK(), RSA.toPublicJWK())),
                JwtScheme.DEFAULT_ASYMMETRIC, ISS, AUD, null);
        Expect.verified(scheme.verify(bearer(rs256(RSA, claims().build())), NOW));
    }

    @Test
    void jwksPicksTheKeyByKid() {
        InMemoryJwks jwks = new InMemoryJwks(new JWKSet(List.of(RSA_2.toPublicJWK(), RSA.toPublicJWK(),
                EC.toPublicJWK())));
        var scheme = new JwtScheme(null, JwtKeys.jwks(jwks, "https://issuer.example/jwks"),
                JwtScheme.DEFAULT_ASYMMETRIC, ISS, AUD, null);
        Expect.verified(scheme.verify(bearer(rs256(RSA, claims().build())), NOW));
        Expect.verified(scheme.verify(bearer(rs256(RSA_2, claims().build())), NOW));
        assertEquals(List.of("https://issuer.example/jwks", "https://issuer.example/jwks"), jwks.requested);
        assertEquals(0, jwks.refreshes.get());

        // The right signature under the wrong kid is not tried against other keys.
        try {
            String t = sign(new RSASSASigner(RSA), JWSAlgorithm.RS256, "rsa-2", claims().build());
            Expect.reason(Reason.BAD_SIGNATURE, scheme.verify(bearer(t), NOW));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void unknownKidTriggersOneRefreshThenFails() {
        InMemoryJwks jwks = new InMemoryJwks(new JWKSet(RSA.toPublicJWK()));
        var scheme = new JwtScheme(null, JwtKeys.jwks(jwks, "https://issuer.example/jwks"),
                JwtScheme.DEFAULT_ASYMMETRIC, ISS, AUD, null);
        Expect.reason(Reason.BAD_JWT, scheme.verify(bearer(rs256(RSA_2, claims().build())), NOW));
        assertEquals(1, jwks.refreshes.get());

        // After rotation at the issuer the refresh finds the new key.
        jwks.afterRefresh = new JWKSet(List.of(RSA.toPublicJWK(), RSA_2.toPublicJWK()));
        Expect.verified(scheme.verify(bearer(rs256(RSA_2, claims().build())), NOW));
    }

    @Test
    void unreachableJwksIsKeyUnavailable() {
        JwksProvider down = url -> {
            throw new JwksUnavailableException("connect timed out");
        };
        var scheme = new JwtScheme(null, JwtKeys.jwks(down, "https://issuer.example/jwks"),
                JwtScheme.DEFAULT_ASYMMETRIC, ISS, AUD, null);
        Expect.reason(Reason.KEY_UNAVAILABLE, scheme.verify(bearer(rs256(RSA, claims().build())), NOW));
    }

    @Test
    void privateKeysInAJwksAreNeverUsedAsHmacSecrets() throws Exception {
        // A JWKS that (wrongly) publishes an oct key must not enable HS256.
        var oct = new com.nimbusds.jose.jwk.OctetSequenceKey.Builder(HMAC_SECRET.getBytes(StandardCharsets.UTF_8))
                .keyID("oct").build();
        InMemoryJwks jwks = new InMemoryJwks(new JWKSet(List.of(oct, RSA.toPublicJWK())));
        var scheme = new JwtScheme(null, JwtKeys.jwks(jwks, "https://issuer.example/jwks"),
                Set.of(JWSAlgorithm.RS256, JWSAlgorithm.HS256), ISS, AUD, null);
        String token = sign(new MACSigner(HMAC_SECRET), JWSAlgorithm.HS256, "oct", claims().build());
        Expect.reason(Reason.BAD_JWT, scheme.verify(bearer(token), NOW));
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The test double for the infra's cached HTTP JWKS fetcher. */
    static final class InMemoryJwks implements JwksProvider {
        private final JWKSet initial;
        JWKSet afterRefresh;
        final List<String> requested = new ArrayList<>();
        final AtomicInteger refreshes = new AtomicInteger();

        InMemoryJwks(JWKSet initial) {
            this.initial = initial;
        }

        @Override
        public JWKSet get(String jwksUrl) {
            requested.add(jwksUrl);
            return initial;
        }

        @Override
        public JWKSet refresh(String jwksUrl) {
            refreshes.incrementAndGet();
            return afterRefresh == null ? initial : afterRefresh;
        }
    }
}
