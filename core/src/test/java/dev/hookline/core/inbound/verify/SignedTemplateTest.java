package dev.hookline.core.inbound.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SignedTemplateTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void rendersPlaceholdersWithRawBody() {
        SignedTemplate t = SignedTemplate.parse("v0:{timestamp}:{id}|{url}{body}");
        byte[] out = t.renderBytes(
                new SignedTemplate.Values(utf8("{\"a\":\"{timestamp}\"}"), "17", "evt", "https://x/"));
        // The body is inserted verbatim: placeholders inside it are not expanded.
        assertArrayEquals(utf8("v0:17:evt|https://x/{\"a\":\"{timestamp}\"}"), out);
        assertTrue(t.uses(SignedTemplate.Placeholder.URL));
    }

    @Test
    void bodyOnly() {
        assertArrayEquals(utf8("abc"),
                SignedTemplate.BODY.renderBytes(new SignedTemplate.Values(utf8("abc"), null, null, null)));
        assertFalse(SignedTemplate.BODY.uses(SignedTemplate.Placeholder.TIMESTAMP));
    }

    @Test
    void unknownPlaceholderIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SignedTemplate.parse("{timestmp}.{body}"));
        assertThrows(IllegalArgumentException.class, () -> SignedTemplate.parse("{body}{"));
    }
}
