package dev.hookline.core.inbound.verify;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.util.List;
import java.util.Objects;

/**
 * The keys a JWT may be checked against: a fixed list from the source's configuration (several during rotation), or a
 * remote JWKS behind {@link JwksProvider}. Candidates are narrowed by the token's {@code kid} so we do not try every
 * key; fixed keys without a {@code kid} stay candidates because configured PEM keys have none.
 */
public abstract sealed class JwtKeys {

    /** Caps the work a token without {@code kid} can cause against a large key set. */
    static final int MAX_CANDIDATES = 10;

    private JwtKeys() {
    }

    public static JwtKeys fixed(List<JWK> keys) {
        return new Fixed(keys);
    }

    public static JwtKeys jwks(JwksProvider provider, String jwksUrl) {
        return new Remote(provider, jwksUrl);
    }

    /**
     * @throws RuntimeException from the provider when a remote key set cannot be obtained
     */
    abstract List<JWK> candidates(JWSHeader header);

    static List<JWK> select(List<JWK> keys, String kid, boolean keepKeysWithoutKid) {
        return keys.stream()
                .filter(k -> kid == null || kid.equals(k.getKeyID()) || keepKeysWithoutKid && k.getKeyID() == null)
                .limit(MAX_CANDIDATES)
                .toList();
    }

    private static final class Fixed extends JwtKeys {
        private final List<JWK> keys;

        Fixed(List<JWK> keys) {
            this.keys = List.copyOf(keys);
            if (this.keys.isEmpty()) {
                throw new IllegalArgumentException("at least one key is required");
            }
        }

        @Override
        List<JWK> candidates(JWSHeader header) {
            return select(keys, header.getKeyID(), true);
        }
    }

    private static final class Remote extends JwtKeys {
        private final JwksProvider provider;
        private final String url;

        Remote(JwksProvider provider, String url) {
            this.provider = Objects.requireNonNull(provider, "provider");
            this.url = Objects.requireNonNull(url, "url");
        }

        @Override
        List<JWK> candidates(JWSHeader header) {
            String kid = header.getKeyID();
            List<JWK> found = select(keys(provider.get(url)), kid, false);
            if (found.isEmpty() && kid != null) {
                // The issuer may have rotated since the set was cached; the provider decides how often to refetch.
                found = select(keys(provider.refresh(url)), kid, false);
            }
            return found;
        }

        private static List<JWK> keys(JWKSet set) {
            // Only public halves: a misconfigured JWKS endpoint that leaks private keys must not change behaviour.
            return set == null ? List.of() : set.toPublicJWKSet().getKeys();
        }
    }
}
