package dev.hookline.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MasterKeyRingTest {

    static final String M1 = "k1-material-0123456789abcdefghijklmnop";
    static final String M2 = "k2-material-QRSTUVWXYZ9876543210zyxwvu";

    @Test
    void derivesKeysWithHkdfSha256AndTheFixedLabel() {
        // HKDF-SHA256(ikm=material, salt=none, info="hookline-master-key-v1", L=32), computed with pyca/cryptography.
        assertEquals("f4ca58708ef0117e8f9f89e7f4c0185a1c815f29bb94bce4b497342424d954ac",
                HexFormat.of().formatHex(MasterKeyRing.derive(M1)));
        assertEquals("ed58a7f3ac8705f35c2dce604371cb69ed65a1425b2dbf01c2616ac89dfae288",
                HexFormat.of().formatHex(MasterKeyRing.derive(M2)));
    }

    @Test
    void exposesCurrentIdAndAllIds() {
        Map<String, String> material = new LinkedHashMap<>();
        material.put("k2", M2);
        material.put("k1", M1);
        MasterKeyRing ring = MasterKeyRing.fromMaterial("k2", material);
        assertEquals("k2", ring.currentKeyId());
        assertEquals(Set.of("k1", "k2"), ring.keyIds());
        assertTrue(ring.key("k1").isPresent());
        assertFalse(ring.key("k3").isPresent());
        assertEquals("f4ca58708ef0117e8f9f89e7f4c0185a1c815f29bb94bce4b497342424d954ac",
                HexFormat.of().formatHex(ring.key("k1").orElseThrow().getEncoded()));
    }

    @Test
    void refusesBadConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> MasterKeyRing.fromMaterial("k9", Map.of("k1", M1)));
        assertThrows(IllegalArgumentException.class, () -> MasterKeyRing.fromMaterial("k1", Map.of("k1", "short")));
        assertThrows(IllegalArgumentException.class, () -> MasterKeyRing.fromMaterial("k.1", Map.of("k.1", M1)));
        assertThrows(IllegalArgumentException.class, () -> MasterKeyRing.fromMaterial("", Map.of("", M1)));
        assertThrows(IllegalArgumentException.class, () -> MasterKeyRing.ofKeys("k1", Map.of("k1", new byte[16])));
    }

    @Test
    void toStringShowsIdsOnly() {
        MasterKeyRing ring = MasterKeyRing.fromMaterial("k1", Map.of("k1", M1, "k2", M2));
        assertEquals("MasterKeyRing[current=k1, keys=[k1, k2]]", ring.toString());
        assertFalse(ring.toString().contains("material"));
    }
}
