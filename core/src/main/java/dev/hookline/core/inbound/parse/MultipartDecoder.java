package dev.hookline.core.inbound.parse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.ProblemType;
import dev.hookline.core.wire.WireJson;
import org.apache.commons.fileupload2.core.FileUploadSizeException;
import org.apache.commons.fileupload2.core.MultipartInput;
import org.apache.commons.fileupload2.core.ParameterParser;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code multipart/form-data} (RFC 7578) to one record: text fields become the record's fields (a repeated name an
 * array, as for forms), files and fields that are not short UTF-8 text become {@link FilePart}s. Bounded: at most
 * {@value #MAX_PARTS} parts and {@value #MAX_PART_HEADER_BYTES} bytes of headers per part (413 beyond); the body
 * itself is already capped by the source's {@code max_body_bytes}. Parsing uses commons-fileupload's part reader.
 */
final class MultipartDecoder {
    static final int MAX_PARTS = 100;
    static final int MAX_PART_HEADER_BYTES = 8 * 1024;
    /** A text field longer than this is kept as an attachment rather than copied into the record. */
    static final int MAX_FIELD_BYTES = 64 * 1024;

    record Decoded(ObjectNode fields, List<FilePart> files) {
    }

    private MultipartDecoder() {
    }

    static Decoded decode(byte[] body, String contentType) {
        String boundary = boundary(contentType).orElseThrow(() -> bad("a multipart/form-data body needs a boundary"
                + " parameter in its Content-Type"));
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        List<FilePart> files = new ArrayList<>();
        try {
            MultipartInput input = MultipartInput.builder().setInputStream(new ByteArrayInputStream(body))
                    .setBoundary(boundary.getBytes(StandardCharsets.ISO_8859_1))
                    .setPartHeaderSizeMax(MAX_PART_HEADER_BYTES).get();
            input.setHeaderCharset(StandardCharsets.UTF_8);
            boolean more = input.skipPreamble();
            int parts = 0;
            while (more) {
                if (++parts > MAX_PARTS) {
                    throw Problem.of(ProblemType.PAYLOAD_TOO_LARGE, "the multipart body has more than " + MAX_PARTS
                            + " parts (the limit per request); send fewer").toException();
                }
                Map<String, String> headers = headers(input.readHeaders());
                ByteArrayOutputStream data = new ByteArrayOutputStream();
                input.readBodyData(data);
                part(headers, data.toByteArray(), fields, files);
                more = input.readBoundary();
            }
        } catch (MultipartInput.MalformedStreamException e) {
            throw bad("the multipart body is malformed (a part or the closing boundary is missing)");
        } catch (FileUploadSizeException e) {
            throw Problem.of(ProblemType.PAYLOAD_TOO_LARGE, "a part's headers are longer than "
                    + MAX_PART_HEADER_BYTES + " bytes").toException();
        } catch (IOException e) {
            throw bad("the multipart body could not be read");
        }
        return new Decoded(fields, files);
    }

    private static void part(Map<String, String> headers, byte[] data, ObjectNode fields, List<FilePart> files) {
        String disposition = headers.get("content-disposition");
        if (disposition == null || !disposition.toLowerCase(Locale.ROOT).startsWith("form-data")) {
            throw bad("every part needs Content-Disposition: form-data with a name");
        }
        Map<String, String> params = parser().parse(disposition, ';');
        String name = params.get("name");
        if (name == null || name.isEmpty()) {
            throw bad("every part needs Content-Disposition: form-data with a name");
        }
        String filename = params.get("filename");
        String type = headers.getOrDefault("content-type", "").strip();
        Optional<String> text = filename == null && data.length <= MAX_FIELD_BYTES && isText(type)
                ? WireJson.utf8(data) : Optional.empty();
        if (text.isPresent()) {
            add(fields, name, text.get());
        } else {
            files.add(new FilePart(name, filename, type.isEmpty() ? "application/octet-stream" : type, data));
        }
    }

    private static boolean isText(String type) {
        String media = BodyFormat.mediaType(type);
        return media.isEmpty() || media.startsWith("text/");
    }

    private static void add(ObjectNode fields, String name, String value) {
        var existing = fields.get(name);
        if (existing == null) {
            fields.put(name, value);
        } else if (existing.isArray()) {
            ((ArrayNode) existing).add(value);
        } else {
            ArrayNode values = fields.putArray(name);
            values.add(existing);
            values.add(value);
        }
    }

    private static Map<String, String> headers(String block) {
        Map<String, String> out = new java.util.HashMap<>();
        for (String line : block.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                out.putIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
        }
        return out;
    }

    static Optional<String> boundary(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String b = parser().parse(contentType, new char[]{';', ','}).get("boundary");
        // RFC 2046: 1-70 characters.
        return b == null || b.isEmpty() || b.length() > 70 ? Optional.empty() : Optional.of(b);
    }

    private static ParameterParser parser() {
        ParameterParser p = new ParameterParser();
        p.setLowerCaseNames(true);
        return p;
    }

    private static RuntimeException bad(String detail) {
        return Problem.of(ProblemType.BAD_REQUEST, detail).toException();
    }
}
