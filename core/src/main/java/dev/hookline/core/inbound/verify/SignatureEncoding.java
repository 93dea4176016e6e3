package dev.hookline.core.inbound.verify;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/** How a sender writes the MAC bytes into its header. */
public enum SignatureEncoding {
    HEX("hex"),
    BASE64("base64");

    private final String id;

    SignatureEncoding(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<SignatureEncoding> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (SignatureEncoding e : values()) {
            if (e.id.equals(n)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** Writes MAC bytes the way a sender of this encoding does (lower-case hex, standard padded base64). */
    public String encode(byte[] mac) {
        return switch (this) {
            case HEX -> HexFormat.of().formatHex(mac);
            case BASE64 -> Base64.getEncoder().encodeToString(mac);
        };
    }

    /**
     * Decodes a received signature to bytes, so comparison happens on MAC bytes (hex case and base64 alphabet do not
     * matter) and in constant time. Empty for anything malformed: a malformed signature simply does not match.
     */
    public Optional<byte[]> decode(String text) {
        try {
            return Optional.of(switch (this) {
                case HEX -> HexFormat.of().parseHex(text);
                case BASE64 -> text.indexOf('-') >= 0 || text.indexOf('_') >= 0
                        ? Base64.getUrlDecoder().decode(text)
                        : Base64.getDecoder().decode(text);
            });
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
