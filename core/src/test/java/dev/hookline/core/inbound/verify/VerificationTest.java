package dev.hookline.core.inbound.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.inbound.verify.Verification.Reason;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerificationTest {

    @Test
    void codesAreStable() {
        assertEquals("missing_header", Reason.MISSING_HEADER.code());
        assertEquals("bad_signature", Verification.fail(Reason.BAD_SIGNATURE, "x").code());
        assertEquals("key_unavailable", Reason.KEY_UNAVAILABLE.code());
        assertThrows(IllegalArgumentException.class, () -> Verification.fail(Reason.VERIFIED, "x"));
    }

    @Test
    void noneAlwaysVerifies() {
        assertTrue(new NoneScheme().verify(Requests.post(Map.of(), "anything"), Instant.EPOCH).verified());
    }
}
