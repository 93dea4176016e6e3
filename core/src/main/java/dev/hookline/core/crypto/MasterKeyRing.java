package dev.hookline.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.crypto.KDF;
import javax.crypto.SecretKey;
import javax.crypto.spec.HKDFParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The versioned AES-256 master keys that seal per-endpoint and per-source secrets, plus which one seals new data.
 *
 * <p>Old keys stay in the ring after rotation so that everything sealed under them still opens; records are re-sealed
 * lazily ({@link SecretBox#needsReseal}) and an old key is removed only once nothing references it.
 *
 * <p>The Secrets Manager secret holds human-manageable random strings, not exact 32-byte keys, so each AES key is
 * derived with HKDF-SHA256 (RFC 5869; no salt, info {@value #DERIVATION_LABEL}). The label pins the derivation to
 * this purpose and version: the same material used elsewhere, or a future scheme, yields unrelated keys.
 */
public final class MasterKeyRing {

    public static final String DERIVATION_LABEL = "hookline-master-key-v1";
    public static final int KEY_BYTES = 32;
    /** Material shorter than this is almost certainly a placeholder or a typo, not generated randomness. */
    public static final int MIN_MATERIAL_LENGTH = 32;

    /** Key ids appear inside sealed strings, which use '.' as the separator. */
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final String currentKeyId;
    private final Map<String, SecretKey> keys;

    private MasterKeyRing(String currentKeyId, Map<String, SecretKey> keys) {
        if (!keys.containsKey(currentKeyId)) {
            throw new IllegalArgumentException("current key id " + currentKeyId + " is not in the ring");
        }
        this.currentKeyId = currentKeyId;
        this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    }

    /** Derives each key from its material; {@code materialById} maps key id to the secret string. */
    public static MasterKeyRing fromMaterial(String currentKeyId, Map<String, String> materialById) {
        Objects.requireNonNull(materialById, "materialById");
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        materialById.forEach((id, material) -> {
            requireKeyId(id);
            if (material == null || material.length() < MIN_MATERIAL_LENGTH) {
                throw new IllegalArgumentException(
                        "key material for " + id + " must be at least " + MIN_MATERIAL_LENGTH + " characters");
            }
            keys.put(id, new SecretKeySpec(derive(material), "AES"));
        });
        return new MasterKeyRing(requireKeyId(currentKeyId), keys);
    }

    /** For keys that are already 32 random bytes (tests, or a future raw-key secret format). */
    public static MasterKeyRing ofKeys(String currentKeyId, Map<String, byte[]> keyById) {
        Objects.requireNonNull(keyById, "keyById");
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        keyById.forEach((id, key) -> {
            requireKeyId(id);
            if (key == null || key.length != KEY_BYTES) {
                throw new IllegalArgumentException("key " + id + " must be " + KEY_BYTES + " bytes");
            }
            keys.put(id, new SecretKeySpec(key, "AES"));
        });
        return new MasterKeyRing(requireKeyId(currentKeyId), keys);
    }

    public static boolean isValidKeyId(String id) {
        return id != null && KEY_ID.matcher(id).matches();
    }

    public String currentKeyId() {
        return currentKeyId;
    }

    public Set<String> keyIds() {
        return Collections.unmodifiableSet(new TreeSet<>(keys.keySet()));
    }

    SecretKey currentKey() {
        return keys.get(currentKeyId);
    }

    Optional<SecretKey> key(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    /** Ids only: the ring is logged at start-up to confirm which keys loaded. */
    @Override
    public String toString() {
        return "MasterKeyRing[current=" + currentKeyId + ", keys=" + keyIds() + "]";
    }

    static byte[] derive(String material) {
        try {
            KDF hkdf = KDF.getInstance("HKDF-SHA256");
            return hkdf.deriveData(HKDFParameterSpec.ofExtract()
                    .addIKM(material.getBytes(StandardCharsets.UTF_8))
                    .thenExpand(DERIVATION_LABEL.getBytes(StandardCharsets.UTF_8), KEY_BYTES));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF-SHA256 unavailable", e);
        }
    }

    private static String requireKeyId(String id) {
        if (!isValidKeyId(id)) {
            throw new IllegalArgumentException("key id must match [A-Za-z0-9_-]{1,64}");
        }
        return id;
    }
}
