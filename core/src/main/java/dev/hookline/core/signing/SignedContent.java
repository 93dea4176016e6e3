package dev.hookline.core.signing;

import java.nio.charset.StandardCharsets;

/**
 * The bytes a Standard Webhooks signature covers: {@code msgId.timestamp.body}.
 *
 * <p>Built from the body bytes as sent rather than a re-serialised string, because receivers sign-check the exact bytes
 * on the wire; any re-encoding (whitespace, key order, Unicode escaping) would break every signature.
 */
final class SignedContent {

    private SignedContent() {
    }

    static byte[] of(String msgId, long timestampSeconds, byte[] body) {
        byte[] prefix = (msgId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, content, 0, prefix.length);
        System.arraycopy(body, 0, content, prefix.length, body.length);
        return content;
    }
}
