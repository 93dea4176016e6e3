package dev.hookline.core.inbound.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hookline.core.problem.ProblemException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BodyFormatTest {

    @ParameterizedTest
    @CsvSource({
            "application/json, JSON",
            "APPLICATION/JSON;charset=utf-8, JSON",
            "application/vnd.github+json, JSON",
            "application/cloudevents+json; charset=UTF-8, JSON",
            "application/x-ndjson, NDJSON",
            "application/ndjson, NDJSON",
            "application/jsonl, NDJSON",
            "application/x-www-form-urlencoded, FORM",
            "'multipart/form-data; boundary=x', MULTIPART",
    })
    void autoResolvesByMediaType(String contentType, BodyFormat expected) {
        assertEquals(expected, BodyFormat.AUTO.resolve(contentType));
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "multipart/mixed; boundary=x", "application/xml", "text/json+xml", ""})
    void autoRefusesOtherTypesWith415(String contentType) {
        assertEquals(415, assertThrows(ProblemException.class, () -> BodyFormat.AUTO.resolve(contentType))
                .problem().status());
    }

    @Test
    void pinnedFormatsResolveToThemselves() {
        assertEquals(BodyFormat.NDJSON, BodyFormat.NDJSON.resolve("application/json"));
        assertEquals(BodyFormat.FORM, BodyFormat.FORM.resolve(null));
    }

    @Test
    void wireNames() {
        assertEquals(Optional.of(BodyFormat.NDJSON), BodyFormat.fromWire("ndjson"));
        assertEquals(Optional.of(BodyFormat.AUTO), BodyFormat.fromWire("auto"));
        assertEquals(Optional.empty(), BodyFormat.fromWire("NDJSON"));
        assertEquals(Optional.empty(), BodyFormat.fromWire(null));
        assertEquals("form", BodyFormat.FORM.wire());
    }
}
