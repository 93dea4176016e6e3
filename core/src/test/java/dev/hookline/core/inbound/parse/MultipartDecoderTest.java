package dev.hookline.core.inbound.parse;

import dev.hookline.core.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** multipart/form-data as curl -F and browsers send it (RFC 7578). */
class MultipartDecoderTest {
    private static final String BOUNDARY = "----hookline7MA4YWxkTrZu0gW";
    private static final String TYPE = "multipart/form-data; boundary=" + BOUNDARY;

    private static final class Body {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Body field(String name, String value) {
            return part("Content-Disposition: form-data; name=\"" + name + "\"\r\n", value.getBytes(StandardCharsets.UTF_8));
        }

        Body file(String name, String filename, String type, byte[] bytes) {
            return part("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\"\r\n"
                    + "Content-Type: " + type + "\r\n", bytes);
        }

        Body part(String headers, byte[] bytes) {
            out.writeBytes(("--" + BOUNDARY + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(bytes);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            return this;
        }

        byte[] end() {
            out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        }
    }

    private static ParsedRecord parse(byte[] body) {
        List<ParsedRecord> records = RecordParser.records(body, TYPE, BodyFormat.AUTO, true);
        assertEquals(1, records.size(), "a multipart body is one record");
        return records.getFirst();
    }

    @Test
    void textFieldsBecomeTheRecordsFieldsAndFilesGoBeside() {
        byte[] png = new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff, '\r', '\n', '-', '-'};
        ParsedRecord r = parse(new Body().field("title", "Quarterly report").field("tag", "a").field("tag", "b")
                .field("note", "caf\u00e9").file("photo", "scan.png", "image/png", png).end());
        assertEquals("Quarterly report", r.value().get("title").asText());
        assertEquals("[\"a\",\"b\"]", r.value().get("tag").toString(), "a repeated name is an array, in order");
        assertEquals("caf\u00e9", r.value().get("note").asText());
        assertEquals(1, r.files().size());
        FilePart f = r.files().getFirst();
        assertEquals("photo", f.field());
        assertEquals("scan.png", f.filename());
        assertEquals("image/png", f.contentType());
        assertArrayEquals(png, f.bytes(), "bytes exactly as sent, CRLF and dashes included");
        assertNull(r.value().get("photo"));
    }

    @Test
    void aFieldThatIsNotShortTextIsKeptAsAnAttachment() {
        ParsedRecord r = parse(new Body().part("Content-Disposition: form-data; name=\"blob\"\r\n", new byte[]{(byte) 0xc3, 0x28})
                .part("Content-Disposition: form-data; name=\"data\"\r\nContent-Type: application/json\r\n", "{\"a\":1}".getBytes(StandardCharsets.UTF_8))
                .field("long", "x".repeat(MultipartDecoder.MAX_FIELD_BYTES + 1)).end());
        assertEquals(List.of("blob", "data", "long"), r.files().stream().map(FilePart::field).toList());
        assertEquals("application/octet-stream", r.files().getFirst().contentType());
        assertEquals(0, r.value().size());
    }

    @Test
    void malformedBodiesAre400AndTooManyPartsOrHugeHeaders413() {
        assertEquals(400, status(() -> RecordParser.records("x".getBytes(), "multipart/form-data", BodyFormat.AUTO, true)));
        byte[] unterminated = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue").getBytes();
        assertEquals(400, status(() -> parse(unterminated)));
        assertEquals(400, status(() -> parse(new Body().part("Content-Type: text/plain\r\n", "v".getBytes()).end())),
                "a part without a name");
        Body many = new Body();
        for (int i = 0; i <= MultipartDecoder.MAX_PARTS; i++) {
            many.field("f" + i, "v");
        }
        assertEquals(413, status(() -> parse(many.end())));
        assertEquals(413, status(() -> parse(new Body().part("Content-Disposition: form-data; name=\"a\"\r\nX-Pad: "
                + "p".repeat(MultipartDecoder.MAX_PART_HEADER_BYTES) + "\r\n", "v".getBytes()).end())));
    }

    private static int status(Runnable call) {
        return assertThrows(ProblemException.class, call::run).problem().status();
    }
}
