package dev.hookline.infrastructure.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BoundedBodyTest {

    @Test
    void bodyWithinTheLimitIsComplete() {
        BoundedBody body = BoundedBody.read(stream("hello"), 5);
        assertEquals("hello", body.text());
        assertTrue(body.complete());
    }

    @Test
    void bodyBeyondTheLimitIsCutAndIncomplete() {
        BoundedBody body = BoundedBody.read(stream("hello world"), 5);
        assertEquals("hello", body.text());
        assertFalse(body.complete());
    }

    @Test
    void readsNoMoreThanOneByteBeyondTheLimit() {
        ByteArrayInputStream in = new ByteArrayInputStream(new byte[1_000]);
        BoundedBody.read(in, 10);
        assertEquals(1_000 - 11, in.available());
    }

    @Test
    void malformedBytesAreReplaced() {
        BoundedBody body = BoundedBody.read(new ByteArrayInputStream(new byte[] {'a', (byte) 0xff, 'b'}), 10);
        assertEquals("a\uFFFDb", body.text());
    }

    @Test
    void aCharacterCutByTheLimitIsDropped() {
        // "é" is two bytes; the limit falls between them.
        BoundedBody body = BoundedBody.read(stream("aé and more"), 2);
        assertEquals("a", body.text());
        assertFalse(body.complete());
    }

    @Test
    void anErrorMidBodyKeepsWhatArrived() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("reset");
            }
        };
        BoundedBody body = BoundedBody.read(new SequenceInputStream(stream("part"), failing), 100);
        assertEquals("part", body.text());
        assertFalse(body.complete());
    }

    @Test
    void noEntityIsAnEmptyCompleteBody() {
        assertEquals(BoundedBody.EMPTY, BoundedBody.read(null, 10));
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
