package dev.hookline.local.testing;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/** Test-side signatures, computed with the JDK directly from each vendor's documented algorithm. */
public final class Signers {
    private Signers() {
    }

    public static byte[] hmac(String algorithm, String secret, String content) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    public static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** A webhook-signature header of {@code n} well-formed but bogus v1a candidates (a signature flood). */
    public static String bogusV1aCandidates(int n) {
        java.util.List<String> out = new java.util.ArrayList<>();
        java.util.Random random = new java.util.Random(n);
        for (int i = 0; i < n; i++) {
            byte[] signature = new byte[64];
            random.nextBytes(signature);
            out.add("v1a," + b64(signature));
        }
        return String.join(" ", out);
    }
}
