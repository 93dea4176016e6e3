package dev.hookline.functions.log;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The functions' log lines as Lambda writes them: the jars' log4j configuration (hookline-log4j2.xml, Powertools'
 * JSON layout) with a second appender that shares its layout and writes to a string, so each line is read back and
 * parsed as JSON.
 */
class LogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LoggerContext context;
    private static StringWriter written;
    private static Appender capture;

    @BeforeAll
    static void configure() throws URISyntaxException {
        context = (LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
        context.setConfigLocation(LogTest.class.getResource("/hookline-log4j2.xml").toURI());
        written = new StringWriter();
        capture = WriterAppender.createAppender(
                (org.apache.logging.log4j.core.StringLayout) context.getConfiguration().getAppender("JsonAppender")
                        .getLayout(), null, written, "capture", false, true);
        capture.start();
        context.getConfiguration().getRootLogger().addAppender(capture, null, null);
        context.updateLoggers();
    }

    @AfterAll
    static void restore() {
        context.getConfiguration().getRootLogger().removeAppender("capture");
        capture.stop();
        Configurator.reconfigure();
    }

    @BeforeEach
    @AfterEach
    void clean() {
        written.getBuffer().setLength(0);
        MDC.clear();
    }

    @Test
    void anErrorIsOneJsonLineWithItsFieldsIdsAndTheWholeStackTrace() throws Exception {
        Correlation.begin(context("req-42"));
        Correlation.put(Correlation.TENANT_ID, "ten_1");
        Correlation.put(Correlation.DELIVERY_ID, "dlv_9");
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("endpoint_id", "ep_1");
        fields.put("attempt", 3);
        Log.of("delivery").error("attempt failed", fields,
                new IllegalStateException("outer", new IOException("inner cause")));

        JsonNode line = onlyLine();
        assertEquals("ERROR", line.path("level").asText());
        assertTrue(line.path("message").asText().startsWith("attempt failed"), line.toString());
        assertEquals("ep_1", line.path("endpoint_id").asText());
        assertEquals(3, line.path("attempt").asInt());
        assertEquals("ten_1", line.path("tenant_id").asText());
        assertEquals("dlv_9", line.path("delivery_id").asText());
        assertEquals("req-42", line.path("function_request_id").asText(), "Powertools' Lambda fields");
        assertEquals("hookline-DeliveryFunction", line.path("function_name").asText());
        assertEquals("java.lang.IllegalStateException", line.path("error").path("name").asText());
        String stack = line.path("error").path("stack").asText();
        assertTrue(stack.contains("Caused by: java.io.IOException: inner cause"), stack);
        assertTrue(stack.contains("LogTest.anErrorIsOneJsonLineWithItsFieldsIdsAndTheWholeStackTrace"), stack);
    }

    @Test
    void theNextInvocationStartsWithoutThePreviousIds() throws Exception {
        Correlation.begin(context("req-1"));
        Correlation.put(Correlation.TENANT_ID, "ten_1");
        Correlation.end();
        Correlation.begin(context("req-2"));
        Log.of("ingest").info("ingest", Map.of("outcome", "accepted"));

        JsonNode line = onlyLine();
        assertEquals("req-2", line.path("function_request_id").asText());
        assertTrue(line.path("tenant_id").isMissingNode(), line.toString());
        assertEquals("accepted", line.path("outcome").asText());
    }

    @Test
    void aRecordOnAnotherThreadCarriesTheInvocationsIdsAndDropsItsOwnAfter() throws Exception {
        Correlation.begin(context("req-7"));
        List<Map<String, String>> afterwards = new ArrayList<>();
        try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
            pool.submit(Correlation.carried(() -> {
                Correlation.put(Correlation.MESSAGE_ID, "sqs-1");
                Log.of("delivery").info("delivery attempt", Map.of("result", "DELIVERED"));
            })).get(10, TimeUnit.SECONDS);
            pool.submit(() -> afterwards.add(MDC.getCopyOfContextMap())).get(10, TimeUnit.SECONDS);
        }
        JsonNode line = onlyLine();
        assertEquals("req-7", line.path("function_request_id").asText());
        assertEquals("sqs-1", line.path("message_id").asText());
        Map<String, String> left = afterwards.getFirst();
        assertTrue(left == null || left.isEmpty(), "the pooled thread keeps no ids: " + left);
        assertNull(MDC.get(Correlation.MESSAGE_ID), "the record's id stays on the record's thread");
    }

    @Test
    void fieldsThatAreNotPlainValuesAreWrittenAsText() throws Exception {
        Log.of("scheduler").info("due work", Map.of("window", java.time.Duration.ofSeconds(90)));

        assertEquals("PT1M30S", onlyLine().path("window").asText());
    }

    @Test
    void infoIsLeftOutBelowTheConfiguredLevel() throws IOException {
        org.apache.logging.log4j.core.config.Configurator.setLevel("dev.hookline.quiet",
                org.apache.logging.log4j.Level.WARN);
        Log.of("quiet").info("not written", Map.of());
        Log.of("quiet").warn("written", Map.of());

        String text = written.toString();
        assertFalse(text.contains("not written"), text);
        JsonNode line = JSON.readTree(text);
        assertEquals("written", line.path("message").asText(), "without fields, still one valid JSON object");
    }

    private static JsonNode onlyLine() throws IOException {
        String[] lines = written.toString().strip().split("\n");
        assertEquals(1, lines.length, written.toString());
        return JSON.readTree(lines[0]);
    }

    private static Context context(String requestId) {
        return new Context() {
            public String getAwsRequestId() {
                return requestId;
            }

            public String getLogGroupName() {
                return "/aws/lambda/hookline-DeliveryFunction";
            }

            public String getLogStreamName() {
                return "stream";
            }

            public String getFunctionName() {
                return "hookline-DeliveryFunction";
            }

            public String getFunctionVersion() {
                return "7";
            }

            public String getInvokedFunctionArn() {
                return "arn:aws:lambda:eu-west-1:123456789012:function:hookline-DeliveryFunction";
            }

            public CognitoIdentity getIdentity() {
                return null;
            }

            public ClientContext getClientContext() {
                return null;
            }

            public int getRemainingTimeInMillis() {
                return 10_000;
            }

            public int getMemoryLimitInMB() {
                return 1024;
            }

            public LambdaLogger getLogger() {
                return null;
            }
        };
    }
}
