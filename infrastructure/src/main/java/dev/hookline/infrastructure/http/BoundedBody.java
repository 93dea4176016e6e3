package dev.hookline.infrastructure.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads at most a fixed number of bytes of a response body as UTF-8, and says whether that was all of it.
 *
 * <p>Why bounded: a receiver decides how big its answer is, and we keep only an excerpt for the attempt log. Reading
 * stops at the limit; the caller then discards the connection instead of draining the rest (a 10 MB answer must not
 * be downloaded just to reuse a socket).
 *
 * @param text     the decoded excerpt; malformed bytes are replaced, and a character cut in half by the limit is
 *                 dropped rather than shown as a replacement character
 * @param complete true when the end of the body was reached within the limit (the connection may be reused)
 * @param failure  the I/O error that cut the body short (a close before its announced end, a reset, our deadline),
 *                 or null; reaching the limit is not a failure
 */
record BoundedBody(String text, boolean complete, IOException failure) {

    static final BoundedBody EMPTY = new BoundedBody("", true, null);

    BoundedBody(String text, boolean complete) {
        this(text, complete, null);
    }

    /**
     * Reads up to {@code limit} bytes, plus one to learn whether more follow. An I/O error mid-body (reset, a close
     * before the announced length, the deadline) keeps what arrived so far and the error: an answer whose body
     * never ended is not an answer, whatever its status line said.
     */
    static BoundedBody read(InputStream in, int limit) {
        if (in == null) {
            return EMPTY;
        }
        byte[] buffer = new byte[limit + 1];
        int filled = 0;
        boolean complete = false;
        IOException failure = null;
        try {
            while (filled < buffer.length) {
                int n = in.read(buffer, filled, buffer.length - filled);
                if (n < 0) {
                    complete = true;
                    break;
                }
                filled += n;
            }
        } catch (IOException e) {
            complete = false;
            failure = e;
        }
        return new BoundedBody(decode(buffer, Math.min(filled, limit), complete), complete, failure);
    }

    private static String decode(byte[] bytes, int length, boolean complete) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer out = CharBuffer.allocate(length);
        // endOfInput=false when truncated: a trailing partial sequence stays undecoded instead of becoming U+FFFD.
        decoder.decode(ByteBuffer.wrap(bytes, 0, length), out, complete);
        if (complete) {
            decoder.flush(out);
        }
        return out.flip().toString();
    }
}
