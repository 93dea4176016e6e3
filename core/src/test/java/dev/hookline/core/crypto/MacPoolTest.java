package dev.hookline.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class MacPoolTest {

    @Test
    void aReusedMacCarriesNothingOfThePreviousKey() throws Exception {
        MacPool pool = new MacPool("HmacSHA256");
        byte[] first = "first-key-first-key-first-key-01".getBytes(StandardCharsets.UTF_8);
        byte[] second = "second-key".getBytes(StandardCharsets.UTF_8);
        byte[] data = "t=1700000000.{\"id\":1}".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(reference("HmacSHA256", first, data), pool.mac(first, data));
        assertArrayEquals(reference("HmacSHA256", second, data), pool.mac(second, data));
        assertArrayEquals(reference("HmacSHA256", first, data), pool.mac(first, data));
    }

    @Test
    void partsAreOneMessage() throws Exception {
        MacPool pool = new MacPool("HmacSHA1");
        byte[] key = "twilio-token".getBytes(StandardCharsets.UTF_8);
        byte[] whole = "https://x.example/in?a=1body".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(reference("HmacSHA1", key, whole), pool.mac(key,
                Arrays.copyOfRange(whole, 0, 10), Arrays.copyOfRange(whole, 10, whole.length)));
    }

    @Test
    void concurrentCallersWithDifferentKeysEachGetTheirOwnMac() throws Exception {
        MacPool pool = new MacPool("HmacSHA512");
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(6)) {
            for (int t = 0; t < 24; t++) {
                byte[] key = ("key-of-caller-" + t).getBytes(StandardCharsets.UTF_8);
                results.add(threads.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        byte[] data = ("record " + i).getBytes(StandardCharsets.UTF_8);
                        if (!Arrays.equals(reference("HmacSHA512", key, data), pool.mac(key, data))) {
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

    private static byte[] reference(String algorithm, byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(key, algorithm));
        return mac.doFinal(data);
    }
}
