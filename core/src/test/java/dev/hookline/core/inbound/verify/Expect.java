package dev.hookline.core.inbound.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hookline.core.inbound.verify.Verification.Reason;

/** Assertions that show the detail when a reason differs. */
final class Expect {

    private Expect() {
    }

    static void verified(Verification v) {
        assertEquals(Reason.VERIFIED, v.reason(), v.detail());
    }

    static void reason(Reason expected, Verification v) {
        assertEquals(expected, v.reason(), v.detail());
    }
}
