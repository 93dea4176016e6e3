package dev.hookline.core.inbound.verify;

import dev.hookline.core.crypto.Tokens;
import dev.hookline.core.inbound.verify.Verification.Reason;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A shared static token, for senders that can only set a header. Two tokens at most: the current one and the one being
 * rotated in. Tokens are compared as SHA-256 digests so the comparison is constant-time and also hides the token
 * length. A static token gives no replay protection and no body integrity; it is a convenience, not a signature.
 */
public final class BearerScheme implements VerificationScheme {

    public static final int MAX_TOKENS = 2;

    private final CredentialHeader header;
    private final List<String> tokenHashes;

    /** @param header {@code null} for {@code Authorization: Bearer <token>} */
    public BearerScheme(List<String> tokens, String header) {
        if (tokens == null || tokens.isEmpty() || tokens.size() > MAX_TOKENS
                || tokens.stream().anyMatch(t -> t == null || t.isBlank())) {
            throw new IllegalArgumentException("one or two non-blank tokens are required");
        }
        this.header = new CredentialHeader(header);
        this.tokenHashes = tokens.stream().map(Tokens::sha256Hex).toList();
    }

    @Override
    public SchemeType type() {
        return SchemeType.BEARER;
    }

    @Override
    public Verification verify(InboundRequest request, Instant now) {
        Optional<String> token = header.token(request);
        if (token.isEmpty()) {
            return Verification.fail(Reason.MISSING_HEADER, "missing header(s): " + header.name());
        }
        String received = Tokens.sha256Hex(token.get());
        boolean match = false;
        for (String expected : tokenHashes) {
            // No early exit: which of the two tokens matched must not show in the timing either.
            match |= Tokens.constantTimeEquals(expected, received);
        }
        return match ? Verification.ok("bearer token matched")
                : Verification.fail(Reason.BAD_TOKEN, "token does not match any configured token");
    }
}
