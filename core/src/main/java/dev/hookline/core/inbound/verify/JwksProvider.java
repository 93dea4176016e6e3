package dev.hookline.core.inbound.verify;

import com.nimbusds.jose.jwk.JWKSet;

/**
 * Port through which the JWT scheme obtains a sender's published keys. Core never does network I/O; the infrastructure
 * module implements this with an HTTP fetch, an SSRF guard and caching.
 *
 * <p>Implementations signal "could not obtain keys" by throwing (ideally {@link JwksUnavailableException}); the scheme
 * turns that into {@code key_unavailable} rather than blaming the sender.
 */
public interface JwksProvider {

    /** The key set, typically from cache. */
    JWKSet get(String jwksUrl);

    /**
     * Called at most once per token when no key carries the token's {@code kid}: the issuer may have rotated keys since
     * the set was cached. Implementations should refetch but rate-limit, so forged {@code kid}s cannot make us hammer
     * the issuer. The default simply returns {@link #get}.
     */
    default JWKSet refresh(String jwksUrl) {
        return get(jwksUrl);
    }
}
