package dev.hookline.core.inbound.verify;

import java.time.Instant;

/**
 * No verification, for senders that cannot authenticate at all. Only ever built from an explicit {@code none}
 * configuration, never as a fallback, so an unauthenticated source is always a recorded choice of its owner.
 */
public final class NoneScheme implements VerificationScheme {

    @Override
    public SchemeType type() {
        return SchemeType.NONE;
    }

    @Override
    public Verification verify(InboundRequest request, Instant now) {
        return Verification.ok("verification disabled for this source");
    }
}
