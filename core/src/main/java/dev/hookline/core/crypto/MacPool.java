package dev.hookline.core.crypto;

import java.security.GeneralSecurityException;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code Mac} instances of one algorithm, reused across calls whose key is only known per call (a vendor secret a
 * verification scheme holds as bytes).
 *
 * <p>Why: {@code Mac.getInstance} is a provider lookup and a reflective constructor each time; reusing the instance
 * leaves only the key schedule. A pooled {@code Mac} is used by one call at a time, and is re-keyed with zeros before
 * it goes back, so no key is kept beyond the call that brought it. The pool is small and bounded; a pooled instance
 * works on platform and virtual threads alike (a thread-local would be empty on every new virtual thread).
 */
public final class MacPool {

    private static final int MAX_IDLE = 8;

    private final String algorithm;
    private final SecretKeySpec blank;
    private final BlockingQueue<Mac> idle = new ArrayBlockingQueue<>(MAX_IDLE);

    public MacPool(String algorithm) {
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.blank = new SecretKeySpec(new byte[32], algorithm);
    }

    /** The MAC under {@code key} of the concatenation of {@code parts}, fed piecewise so large bodies are not copied. */
    public byte[] mac(byte[] key, byte[]... parts) {
        try {
            Mac mac = idle.poll();
            if (mac == null) {
                mac = Mac.getInstance(algorithm);
            }
            mac.init(new SecretKeySpec(key, algorithm));
            for (byte[] part : parts) {
                mac.update(part);
            }
            byte[] result = mac.doFinal();
            mac.init(blank);
            idle.offer(mac);
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " unavailable", e);
        }
    }
}
