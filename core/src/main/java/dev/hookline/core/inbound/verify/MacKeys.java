package dev.hookline.core.inbound.verify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/** Shared handling of the HMAC secrets a source holds (several during a rotation). */
final class MacKeys {

    private MacKeys() {
    }

    /**
     * Vendor secrets are used as their UTF-8 bytes, not decoded: Stripe's {@code whsec_…}, GitHub's, Slack's and
     * Twilio's secrets are all fed to HMAC verbatim.
     */
    static List<byte[]> utf8(List<String> secrets) {
        if (secrets == null || secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one secret is required");
        }
        return secrets.stream().map(s -> {
            if (s == null || s.isEmpty()) {
                throw new IllegalArgumentException("secrets must not be empty");
            }
            return s.getBytes(StandardCharsets.UTF_8);
        }).toList();
    }

    /** Constant-time per comparison; stopping at the first match reveals only the outcome, which we report anyway. */
    static boolean anyEqual(List<byte[]> expected, List<byte[]> received) {
        for (byte[] candidate : received) {
            for (byte[] mac : expected) {
                if (MessageDigest.isEqual(mac, candidate)) {
                    return true;
                }
            }
        }
        return false;
    }
}
