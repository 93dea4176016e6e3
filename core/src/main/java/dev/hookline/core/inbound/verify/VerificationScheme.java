package dev.hookline.core.inbound.verify;

import java.time.Instant;

/**
 * One way of deciding whether an inbound request really comes from the configured sender.
 *
 * <p>{@code now} is passed in rather than read from a clock so that schemes stay pure and vectors with fixed timestamps
 * can be checked. Implementations never throw for bad input: every rejection is a {@link Verification} failure.
 */
public interface VerificationScheme {

    SchemeType type();

    Verification verify(InboundRequest request, Instant now);
}
