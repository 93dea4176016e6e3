package dev.hookline.core.signing;

/**
 * How much of a signature header verification looks at, whoever sent it.
 *
 * <p>Why: the sender writes the header, and every candidate signature costs us work (an Ed25519 verification costs
 * about half a millisecond; 4,000 {@code v1a} candidates in one header cost two seconds per request, with no secret).
 * A legitimate sender writes one signature per key it signs with: one, two while it rotates. So a header larger than
 * any real one is refused before it is read, and of the candidates of one kind only as many are evaluated as our
 * keys of that kind could match, plus one for a sender whose rotation is a step ahead of ours, and never more than
 * {@link #MAX_CANDIDATES}. A rejected request then costs at most that, whatever it carries.
 */
public final class SignatureLimits {

    /** Larger than any signature header a real sender writes (a few hundred bytes), well under the gateway's 10 KiB. */
    public static final int MAX_HEADER_CHARS = 4096;
    /** Candidates of one kind evaluated at most per request. */
    public static final int MAX_CANDIDATES = 4;

    private SignatureLimits() {
    }

    /** The candidates of one kind worth evaluating when {@code keys} keys of that kind are configured. */
    public static int candidatesFor(int keys) {
        return keys <= 0 ? 0 : Math.min(MAX_CANDIDATES, keys + 1);
    }

    public static boolean tooLarge(String header) {
        return header != null && header.length() > MAX_HEADER_CHARS;
    }

    public static String tooLargeDetail(String headerName) {
        return headerName + " is larger than " + MAX_HEADER_CHARS + " characters; refused unread";
    }
}
