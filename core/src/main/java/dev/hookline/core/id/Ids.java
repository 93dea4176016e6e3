package dev.hookline.core.id;

import java.time.Clock;
import java.util.random.RandomGenerator;

/**
 * Prefixed, time-sortable, unguessable ids ({@code ten_01J…}): 48 bits of milliseconds then 80 random
 * bits, in Crockford base32 (26 characters, like a ULID). Sortable so that "newest first" is a key order;
 * 80 random bits so that an id is never a capability by itself but still cannot be enumerated.
 */
public final class Ids {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private final Clock clock;
    private final RandomGenerator random;

    public Ids(Clock clock, RandomGenerator random) {
        this.clock = clock;
        this.random = random;
    }

    public String next(IdPrefix prefix) {
        long millis = clock.millis();
        long randomHigh = random.nextLong() & 0xFFFFL;        // 16 bits
        long randomLow = random.nextLong();                    // 64 bits
        char[] out = new char[26];
        // 128 bits = 48 time + 80 random, written as 26 base32 digits (130 bits, top 2 zero).
        long hi = (millis << 16) | randomHigh;                 // top 64 bits
        long lo = randomLow;                                   // bottom 64 bits
        for (int i = 25; i >= 0; i--) {
            int digit = (int) (lo & 31);
            out[i] = ALPHABET[digit];
            lo = (lo >>> 5) | (hi << 59);
            hi = hi >>> 5;
        }
        return prefix.value() + "_" + new String(out);
    }

    /** True when the text has the shape of an id of that prefix; a cheap check before any lookup. */
    public static boolean looksLike(IdPrefix prefix, String text) {
        if (text == null || text.length() != prefix.value().length() + 27 || !text.startsWith(prefix.value() + "_")) {
            return false;
        }
        for (int i = prefix.value().length() + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) {
                return false;
            }
        }
        return true;
    }
}
