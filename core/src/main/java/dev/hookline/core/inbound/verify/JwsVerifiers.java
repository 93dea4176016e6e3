package dev.hookline.core.inbound.verify;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.util.Optional;

/**
 * Pairs a key with the token's algorithm, or refuses. The key's type decides which verifier exists at all, so a token
 * claiming {@code HS256} can never be checked against an RSA public key used as an HMAC secret (the classic algorithm
 * confusion); a key that declares its own {@code alg} or a non-signature {@code use} is held to it.
 */
final class JwsVerifiers {

    private JwsVerifiers() {
    }

    static Optional<JWSVerifier> forKey(JWK key, JWSAlgorithm alg) {
        if (key.getAlgorithm() != null && !key.getAlgorithm().equals(alg)) {
            return Optional.empty();
        }
        if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(switch (key) {
                case OctetSequenceKey oct when JWSAlgorithm.Family.HMAC_SHA.contains(alg) -> new MACVerifier(oct);
                case RSAKey rsa when JWSAlgorithm.Family.RSA.contains(alg) -> new RSASSAVerifier(rsa);
                case ECKey ec when JWSAlgorithm.Family.EC.contains(alg)
                        && Curve.forJWSAlgorithm(alg).contains(ec.getCurve()) -> new ECDSAVerifier(ec);
                case OctetKeyPair okp when (alg.equals(JWSAlgorithm.EdDSA) || alg.equals(JWSAlgorithm.Ed25519))
                        && Curve.Ed25519.equals(okp.getCurve()) -> new JdkEd25519Verifier(okp);
                default -> null;
            });
        } catch (JOSEException e) {
            // E.g. an HMAC secret too short for the algorithm: unusable, which for the caller means "no key".
            return Optional.empty();
        }
    }
}
