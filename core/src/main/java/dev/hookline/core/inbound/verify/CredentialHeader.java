package dev.hookline.core.inbound.verify;

import java.util.Optional;

/**
 * Where a bearer token or JWT is read from. In {@code Authorization} the RFC 6750 {@code Bearer } prefix is required
 * (case-insensitive), so a Basic credential is never mistaken for a token; a custom header carries the bare token,
 * though a {@code Bearer } prefix there is tolerated because senders often add it anyway.
 */
record CredentialHeader(String name) {

    static final String AUTHORIZATION = "Authorization";
    private static final String BEARER = "Bearer ";

    CredentialHeader {
        name = name == null || name.isBlank() ? AUTHORIZATION : name.strip();
    }

    /** Empty when the header is absent or has no token. */
    Optional<String> token(InboundRequest request) {
        Optional<String> value = request.header(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String v = value.get();
        boolean bearer = v.regionMatches(true, 0, BEARER, 0, BEARER.length());
        if (name.equalsIgnoreCase(AUTHORIZATION) && !bearer) {
            return Optional.empty();
        }
        String token = bearer ? v.substring(BEARER.length()).strip() : v;
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
