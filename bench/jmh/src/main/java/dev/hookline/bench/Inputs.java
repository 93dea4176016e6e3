package dev.hookline.bench;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.SplittableRandom;

/**
 * The inputs every library sees in the same run: a 1 KiB JSON body (an event as a vendor would send it), a
 * Standard Webhooks secret and a Stripe secret, all fixed so runs compare with each other.
 */
final class Inputs {
    static final String MSG_ID = "msg_2rkYb4dN1ZtQ5o7Vx9mK3pLw";
    /** 32 fixed bytes: Standard Webhooks' {@code whsec_} form of them. */
    static final String WHSEC = "whsec_" + Base64.getEncoder().encodeToString(bytes(32, 7));
    static final String STRIPE_SECRET = "whsec_" + "5Tq1c9ZbW0kLmNoPqRsTuVwXyZaBcDeF";

    private Inputs() {
    }

    /** A JSON object of exactly {@code size} bytes of UTF-8. */
    static String jsonBody(int size) {
        StringBuilder sb = new StringBuilder("{\"type\":\"invoice.paid\",\"data\":{\"id\":\"in_1Nv0\",\"amount\":4200,"
                + "\"currency\":\"eur\",\"lines\":[");
        int i = 0;
        while (sb.length() < size - 40) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"sku\":\"sku_").append(1000 + i).append("\",\"qty\":").append(i % 7 + 1).append('}');
            i++;
        }
        sb.append("],\"note\":\"");
        while (sb.length() < size - 3) {
            sb.append('x');
        }
        sb.append("\"}}");
        String body = sb.toString();
        if (body.getBytes(StandardCharsets.UTF_8).length != size) {
            throw new IllegalStateException("body is " + body.length() + " bytes, not " + size);
        }
        return body;
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }
}
