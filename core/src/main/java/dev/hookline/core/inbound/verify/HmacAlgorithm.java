package dev.hookline.core.inbound.verify;

import dev.hookline.core.crypto.MacPool;
import java.util.Arrays;
import java.util.Optional;

/** The HMAC hashes senders use; SHA-1 is here only because Twilio and some legacy senders still sign with it. */
public enum HmacAlgorithm {
    SHA1("SHA-1", "HmacSHA1"),
    SHA256("SHA-256", "HmacSHA256"),
    SHA512("SHA-512", "HmacSHA512");

    private final String id;
    private final MacPool macs;

    HmacAlgorithm(String id, String jcaName) {
        this.id = id;
        this.macs = new MacPool(jcaName);
    }

    /** The configuration name: {@code SHA-1}, {@code SHA-256} or {@code SHA-512}. */
    public String id() {
        return id;
    }

    /** Case-insensitive, and tolerant of the dash-less spelling people copy from vendor docs ({@code sha256}). */
    public static Optional<HmacAlgorithm> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String normalised = name.strip().replace("-", "");
        return Arrays.stream(values()).filter(a -> a.id.replace("-", "").equalsIgnoreCase(normalised)).findFirst();
    }

    /** MAC over the concatenation of {@code parts}, fed piecewise so large bodies are not copied again. */
    public byte[] mac(byte[] key, byte[]... parts) {
        return macs.mac(key, parts);
    }
}
