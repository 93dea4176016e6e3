package dev.hookline.core.inbound.parse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RecordParserTest {

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Problem problem(Runnable call) {
        return assertThrows(ProblemException.class, call::run).problem();
    }

    static void assertProblem(int status, String detailPart, Runnable call) {
        Problem p = problem(call);
        assertEquals(status, p.status(), p.detail());
        assertTrue(p.detail().contains(detailPart), () -> "detail was: " + p.detail());
    }

    @Nested
    class Json {
        @Test
        void objectIsOneRecord() {
            List<JsonNode> records = RecordParser.parse(utf8("{\"id\":\"evt_1\",\"n\":2}"), "application/json",
                    BodyFormat.JSON);
            assertEquals(1, records.size());
            assertEquals("{\"id\":\"evt_1\",\"n\":2}", records.get(0).toString());
        }

        @Test
        void arrayIsExpandedByDefault() {
            List<JsonNode> records = RecordParser.parse(utf8("[{\"a\":1},{\"a\":2},3]"), null, BodyFormat.JSON);
            assertEquals(3, records.size());
            assertEquals("{\"a\":1}", records.get(0).toString());
            assertEquals("{\"a\":2}", records.get(1).toString());
            assertEquals("3", records.get(2).toString());
        }

        @Test
        void arrayKeptWholeWhenNotExpanding() {
            List<JsonNode> records = RecordParser.parse(utf8("[{\"a\":1},{\"a\":2}]"), null, BodyFormat.JSON, false);
            assertEquals(1, records.size());
            assertEquals("[{\"a\":1},{\"a\":2}]", records.get(0).toString());
        }

        @Test
        void emptyArrayExpandsToNoRecords() {
            assertEquals(List.of(), RecordParser.parse(utf8(" [ ] "), null, BodyFormat.JSON));
        }

        @Test
        void malformedIsBadRequestWithPosition() {
            assertProblem(400, "the body is not JSON", () -> RecordParser.parse(utf8("{\"a\":}"), null, BodyFormat.JSON));
            Problem p = problem(() -> RecordParser.parse(utf8("{\n\"a\" 1}"), null, BodyFormat.JSON));
            assertEquals("the body is not JSON: Unexpected character ('1' (code 49)): was expecting a colon to "
                    + "separate field name and value (line 2, column 5)", p.detail());
        }

        @Test
        void trailingContentIsRefusedNotDropped() {
            assertProblem(400, "the body is not JSON",
                    () -> RecordParser.parse(utf8("{\"a\":1} {\"b\":2}"), null, BodyFormat.JSON));
        }

        @Test
        void emptyOrBlankBodyIsBadRequest() {
            assertProblem(400, "the body is empty", () -> RecordParser.parse(new byte[0], null, BodyFormat.JSON));
            assertProblem(400, "the body is empty", () -> RecordParser.parse(utf8(" \r\n\t"), null, BodyFormat.JSON));
            assertProblem(400, "the body is empty", () -> RecordParser.parse(null, null, BodyFormat.NDJSON));
        }

        @Test
        void tenThousandRecordsAreAllowedOneMoreIsTooLarge() {
            assertEquals(10_000, RecordParser.parse(utf8(array(10_000)), null, BodyFormat.JSON).size());
            assertProblem(413, "more than 10000 records",
                    () -> RecordParser.parse(utf8(array(10_001)), null, BodyFormat.JSON));
            // Not expanding means one record, however long the array.
            assertEquals(1, RecordParser.parse(utf8(array(10_001)), null, BodyFormat.JSON, false).size());
        }

        @Test
        void nestingOf64IsAllowed65IsRefused() {
            assertEquals(1, RecordParser.parse(utf8(nested(64)), null, BodyFormat.JSON).size());
            assertProblem(400, "the body nests deeper than 64 levels",
                    () -> RecordParser.parse(utf8(nested(65)), null, BodyFormat.JSON));
        }

        @Test
        void otherParserLimitsAreNamed() {
            assertProblem(400, "the body exceeds a parser limit: Number value length",
                    () -> RecordParser.parse(utf8("{\"n\":" + "9".repeat(1001) + "}"), null, BodyFormat.JSON));
        }

        private static String array(int n) {
            return "[" + "1,".repeat(n - 1) + "1]";
        }
    }

    @Nested
    class Ndjson {
        @Test
        void oneRecordPerNonBlankLine() {
            List<JsonNode> records = RecordParser.parse(utf8("{\"a\":1}\n\n  \r\n[1,2]\r\n\"x\"\n"), null,
                    BodyFormat.NDJSON);
            assertEquals(3, records.size());
            assertEquals("{\"a\":1}", records.get(0).toString());
            // Arrays on a line stay one record: the line is the unit in NDJSON.
            assertEquals("[1,2]", records.get(1).toString());
            assertEquals("\"x\"", records.get(2).toString());
        }

        @Test
        void badLineIsReportedByItsNumberCountingBlankLines() {
            assertProblem(400, "line 3 is not JSON",
                    () -> RecordParser.parse(utf8("{\"a\":1}\n\n{\"a\":\n{\"a\":2}"), null, BodyFormat.NDJSON));
        }

        @Test
        void twoValuesOnOneLineAreRefused() {
            assertProblem(400, "line 2 is not JSON",
                    () -> RecordParser.parse(utf8("1\n{\"a\":1} {\"b\":2}\n"), null, BodyFormat.NDJSON));
        }

        @Test
        void onlyBlankLinesIsEmpty() {
            assertProblem(400, "the body is empty", () -> RecordParser.parse(utf8("\n\n \n"), null, BodyFormat.NDJSON));
        }

        @Test
        void recordLimitApplies() {
            String ok = "{}\n".repeat(10_000);
            assertEquals(10_000, RecordParser.parse(utf8(ok), null, BodyFormat.NDJSON).size());
            assertProblem(413, "more than 10000 records",
                    () -> RecordParser.parse(utf8(ok + "{}"), null, BodyFormat.NDJSON));
        }

        @Test
        void depthLimitAppliesPerLineWithLineNumber() {
            assertProblem(400, "line 2 nests deeper than 64 levels",
                    () -> RecordParser.parse(utf8("{}\n" + nested(65)), null, BodyFormat.NDJSON));
        }
    }

    @Nested
    class Form {
        @Test
        void fieldsAreStringsAndRepeatedNamesArrays() {
            List<JsonNode> records = RecordParser.parse(utf8("a=1&b=two+words&a=3&empty=&flag&a=5"), null,
                    BodyFormat.FORM);
            assertEquals(1, records.size());
            assertEquals("{\"a\":[\"1\",\"3\",\"5\"],\"b\":\"two words\",\"empty\":\"\",\"flag\":\"\"}",
                    records.get(0).toString());
        }

        @Test
        void percentEscapesAreDecodedAsUtf8() {
            JsonNode record = RecordParser.parse(utf8("na%6De=Z%C3%BCrich+%E2%82%AC&x%2By=a%26b%3Dc"), null,
                    BodyFormat.FORM).get(0);
            assertEquals("Zürich €", record.get("name").textValue());
            assertEquals("a&b=c", record.get("x+y").textValue());
        }

        @Test
        void emptyPairsAreSkipped() {
            assertEquals("{\"a\":\"1\",\"b\":\"2\"}",
                    RecordParser.parse(utf8("&a=1&&b=2&"), null, BodyFormat.FORM).get(0).toString());
        }

        @Test
        void malformedEscapesAreBadRequests() {
            assertProblem(400, "form field 2 has a malformed percent escape",
                    () -> RecordParser.parse(utf8("a=1&b=%zz"), null, BodyFormat.FORM));
            assertProblem(400, "form field 1 has a malformed percent escape",
                    () -> RecordParser.parse(utf8("a=%4"), null, BodyFormat.FORM));
        }

        @Test
        void bytesThatAreNotUtf8AreAcceptedAndKeptExactly() {
            byte[] body = utf8("a=%C3%28&b=%FF");
            List<ParsedRecord> records = RecordParser.records(body, null, BodyFormat.FORM, true);
            assertEquals(1, records.size());
            assertEquals("\uFFFD(", records.getFirst().value().get("a").textValue());
            assertEquals("\uFFFD", records.getFirst().value().get("b").textValue());
            assertArrayEquals(body, records.getFirst().bytes());
        }

        @Test
        void moreThanAThousandFieldsAreRefusedNamingTheLimit() {
            assertEquals(1, RecordParser.parse(utf8("a=1&".repeat(999) + "a=1"), null, BodyFormat.FORM).size());
            assertProblem(413, "more than 1000 fields",
                    () -> RecordParser.parse(utf8("a=1&".repeat(100_000)), null, BodyFormat.FORM));
        }
    }

    @Nested
    class Auto {
        @Test
        void contentTypeChoosesTheFormat() {
            byte[] ndjson = utf8("{\"a\":1}\n{\"a\":2}\n");
            assertEquals(2, RecordParser.parse(ndjson, "application/x-ndjson", BodyFormat.AUTO).size());
            assertEquals(2, RecordParser.parse(ndjson, "application/jsonl", BodyFormat.AUTO).size());
            assertEquals(1, RecordParser.parse(utf8("{\"a\":1}"), "Application/JSON; charset=UTF-8",
                    BodyFormat.AUTO).size());
            assertEquals("{\"a\":\"1\"}",
                    RecordParser.parse(utf8("a=1"), "application/x-www-form-urlencoded", BodyFormat.AUTO)
                            .get(0).toString());
        }

        @Test
        void unsupportedOrMissingTypeIs415() {
            assertProblem(415, "'text/plain' is not supported",
                    () -> RecordParser.parse(utf8("{}"), "text/plain", BodyFormat.AUTO));
            assertProblem(415, "a Content-Type is required", () -> RecordParser.parse(utf8("{}"), null, BodyFormat.AUTO));
        }

        @Test
        void pinnedFormatIgnoresTheHeader() {
            assertEquals(1, RecordParser.parse(utf8("{\"a\":1}"), "text/plain", BodyFormat.JSON).size());
        }
    }

    static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }
}
