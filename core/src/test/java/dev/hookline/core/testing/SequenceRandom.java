package dev.hookline.core.testing;

import java.util.random.RandomGenerator;

/**
 * Hands out 0, 1, 2, … as bytes so generated keys, nonces and tokens are predictable and their encodings can be
 * written by hand.
 */
public final class SequenceRandom implements RandomGenerator {
    private int next;

    @Override
    public void nextBytes(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) next++;
        }
    }

    @Override
    public long nextLong() {
        throw new UnsupportedOperationException("only nextBytes is expected");
    }
}
