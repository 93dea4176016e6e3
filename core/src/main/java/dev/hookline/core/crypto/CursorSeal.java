package dev.hookline.core.crypto;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * List cursors that cannot be forged or moved: the store's position is sealed with an HMAC under a key derived from
 * the master key ring and bound to the list it came from (tenant, listing, filters). A cursor edited by hand, made up,
 * or taken from another list or other filters does not open, and the caller gets a 422 instead of some other page.
 * The key id travels in the cursor, so cursors keep working across a master key rotation while the old key is in the
 * ring.
 */
public final class CursorSeal {
    /** Separates the derived cursor key from every other use of the master key. */
    static final String LABEL = "hookline-cursor-v1";
    private static final int TAG_BYTES = 16;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final Supplier<SecretBox> box;

    public CursorSeal(Supplier<SecretBox> box) {
        this.box = box;
    }

    /** {@code position} sealed for the list named by {@code binding}. */
    public String seal(String binding, String position) {
        MasterKeyRing ring = box.get().ring();
        String keyId = ring.currentKeyId();
        byte[] tag = tag(ring.currentKey(), binding, position);
        return B64.encodeToString(position.getBytes(StandardCharsets.UTF_8)) + "." + keyId + "." + B64.encodeToString(tag);
    }

    /** The position sealed in {@code cursor}, if it was sealed by Hookline for this very list; else empty. */
    public Optional<String> open(String binding, String cursor) {
        if (cursor == null || cursor.length() > 4096) {
            return Optional.empty();
        }
        String[] parts = cursor.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            String position = new String(B64D.decode(parts[0]), StandardCharsets.UTF_8);
            byte[] given = B64D.decode(parts[2]);
            Optional<SecretKey> key = box.get().ring().key(parts[1]);
            if (key.isEmpty() || given.length != TAG_BYTES) {
                return Optional.empty();
            }
            return MessageDigest.isEqual(tag(key.get(), binding, position), given) ? Optional.of(position) : Optional.empty();
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    private static byte[] tag(SecretKey master, String binding, String position) {
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(new SecretKeySpec(master.getEncoded(), "HmacSHA256"));
            byte[] cursorKey = derive.doFinal(LABEL.getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(cursorKey, "HmacSHA256"));
            mac.update(binding.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Arrays.copyOf(mac.doFinal(position.getBytes(StandardCharsets.UTF_8)), TAG_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
