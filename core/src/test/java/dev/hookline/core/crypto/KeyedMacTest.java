package dev.hookline.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class KeyedMacTest {

    /** RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?". */
    private static final String RFC4231_2 = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

    @Test
    void matchesTheRfc4231Vector() {
        KeyedMac mac = new KeyedMac("HmacSHA256", "Jefe".getBytes(StandardCharsets.UTF_8));
        assertEquals(RFC4231_2, HexFormat.of().formatHex(mac.mac("what do ya want for nothing?".getBytes(StandardCharsets.UTF_8))));
        // Split anywhere, the same MAC: parts are one message.
        assertEquals(RFC4231_2, HexFormat.of().formatHex(mac.mac("what do ya ".getBytes(StandardCharsets.UTF_8),
                new byte[0], "want for nothing?".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void everyUseStartsFromTheKeyAloneHoweverOftenItIsUsed() throws Exception {
        byte[] key = "a-32-byte-signing-key-for-tests!".getBytes(StandardCharsets.UTF_8);
        KeyedMac keyed = new KeyedMac("HmacSHA256", key);
        for (int size : new int[]{0, 1, 63, 64, 65, 1024, 100_000}) {
            byte[] data = new byte[size];
            java.util.Arrays.fill(data, (byte) size);
            assertArrayEquals(reference(key, data), keyed.mac(data), "size " + size);
            assertArrayEquals(reference(key, data), keyed.mac(data), "size " + size + ", again");
        }
    }

    @Test
    void keysLongerThanTheBlockAreHashedAsHmacRequires() throws Exception {
        byte[] key = new byte[200];
        java.util.Arrays.fill(key, (byte) 0x5a);
        byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(reference(key, data), new KeyedMac("HmacSHA256", key).mac(data));
    }

    @Test
    void threadsSharingOneKeyedMacGetCorrectMacs() throws Exception {
        byte[] key = "shared-key-shared-key-shared-key".getBytes(StandardCharsets.UTF_8);
        KeyedMac keyed = new KeyedMac("HmacSHA256", key);
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int t = 0; t < 16; t++) {
                int seed = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        byte[] data = ("message " + seed + "/" + i).getBytes(StandardCharsets.UTF_8);
                        if (!java.util.Arrays.equals(reference(key, data), keyed.mac(data))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertEquals(true, r.get());
            }
        }
    }

    @Test
    void neverShowsItsKey() {
        KeyedMac keyed = new KeyedMac("HmacSHA256", "Jefe".getBytes(StandardCharsets.UTF_8));
        assertFalse(keyed.toString().contains("Jefe"));
    }

    static byte[] reference(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }
}
