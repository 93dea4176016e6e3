package dev.hookline.core.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.outbound.AttemptOutcome.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AttemptClassifierTest {

    private static final Instant NOW = Instant.parse("2015-10-21T07:28:00Z");
    private final AttemptClassifier classifier = new AttemptClassifier(Clock.fixed(NOW, ZoneOffset.UTC));

    @ParameterizedTest(name = "{0} -> {1} ({2})")
    @CsvSource({
            "200, SUCCEEDED, success",
            "201, SUCCEEDED, success",
            "204, SUCCEEDED, success",
            "299, SUCCEEDED, success",
            "410, DISABLE_ENDPOINT, gone",
            "429, RETRY, throttled",
            "502, RETRY, unavailable",
            "503, RETRY, unavailable",
            "504, RETRY, unavailable",
            "301, FAILED_RETRYABLE, redirect_not_followed",
            "302, FAILED_RETRYABLE, redirect_not_followed",
            "307, FAILED_RETRYABLE, redirect_not_followed",
            "308, FAILED_RETRYABLE, redirect_not_followed",
            "400, FAILED_RETRYABLE, client_error",
            "401, FAILED_RETRYABLE, client_error",
            "404, FAILED_RETRYABLE, client_error",
            "408, FAILED_RETRYABLE, client_error",
            "500, FAILED_RETRYABLE, server_error",
            "501, FAILED_RETRYABLE, server_error",
            "505, FAILED_RETRYABLE, server_error",
            "100, FAILED_RETRYABLE, unexpected_status",
            "600, FAILED_RETRYABLE, unexpected_status",
            "0, FAILED_RETRYABLE, unexpected_status",
    })
    void classifiesStatuses(int status, Verdict verdict, String reason) {
        AttemptOutcome outcome = classifier.classify(status, null);
        assertEquals(verdict, outcome.verdict());
        assertEquals(reason, outcome.reason());
        assertEquals(Optional.empty(), outcome.retryNotBefore());
    }

    @Test
    void classifiesTransportFailures() {
        assertEquals(new AttemptOutcome(Verdict.RETRY, Optional.empty(), "timeout"),
                classifier.classify(FailureKind.TIMEOUT));
        assertEquals(new AttemptOutcome(Verdict.RETRY, Optional.empty(), "connect_error"),
                classifier.classify(FailureKind.CONNECT_ERROR));
        assertEquals(new AttemptOutcome(Verdict.FAILED_RETRYABLE, Optional.empty(), "tls_error"),
                classifier.classify(FailureKind.TLS_ERROR));
        assertEquals(new AttemptOutcome(Verdict.FAILED_RETRYABLE, Optional.empty(), "unsafe_target"),
                classifier.classify(FailureKind.UNSAFE_TARGET));
        assertEquals(new AttemptOutcome(Verdict.FAILED_RETRYABLE, Optional.empty(), "response_too_large"),
                classifier.classify(FailureKind.RESPONSE_TOO_LARGE));
        assertEquals(new AttemptOutcome(Verdict.RETRY, Optional.empty(), "incomplete_response"),
                classifier.classify(FailureKind.INCOMPLETE_RESPONSE));
        assertEquals(new AttemptOutcome(Verdict.FAILED_RETRYABLE, Optional.empty(), "malformed_response"),
                classifier.classify(FailureKind.MALFORMED_RESPONSE));
    }

    @Test
    void noFailureKindIsEverASuccess() {
        for (FailureKind kind : FailureKind.values()) {
            assertFalse(classifier.classify(kind).succeeded(), kind.name());
        }
    }

    @Test
    void retryAfterDeltaSeconds() {
        assertEquals(Optional.of(Instant.parse("2015-10-21T07:30:00Z")),
                classifier.classify(503, "120").retryNotBefore());
        assertEquals(Optional.of(NOW), classifier.classify(429, "0").retryNotBefore());
        assertEquals(Optional.of(Instant.parse("2015-10-21T07:28:05Z")),
                classifier.classify(429, " 5 ").retryNotBefore());
    }

    @Test
    void retryAfterHttpDate() {
        assertEquals(Optional.of(Instant.parse("2015-10-21T07:58:00Z")),
                classifier.classify(503, "Wed, 21 Oct 2015 07:58:00 GMT").retryNotBefore());
    }

    @Test
    void retryAfterIsCappedAtOneHourByDefault() {
        Instant cap = Instant.parse("2015-10-21T08:28:00Z");
        assertEquals(Optional.of(cap), classifier.classify(429, "86400").retryNotBefore());
        assertEquals(Optional.of(cap), classifier.classify(502, "99999999999999999999999").retryNotBefore());
        assertEquals(Optional.of(cap), classifier.classify(504, "Thu, 22 Oct 2015 07:28:00 GMT").retryNotBefore());
        AttemptClassifier tight = new AttemptClassifier(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(1));
        assertEquals(Optional.of(Instant.parse("2015-10-21T07:29:00Z")), tight.classify(503, "3600").retryNotBefore());
    }

    @Test
    void unusableRetryAfterLeavesTheBackoffInCharge() {
        assertEquals(Optional.empty(), classifier.classify(503, "soon").retryNotBefore());
        assertEquals(Optional.empty(), classifier.classify(503, "-5").retryNotBefore());
        assertEquals(Optional.empty(), classifier.classify(503, "1.5").retryNotBefore());
        assertEquals(Optional.empty(), classifier.classify(503, "").retryNotBefore());
        assertEquals(Optional.empty(), classifier.classify(503, "Tue, 20 Oct 2015 07:28:00 GMT").retryNotBefore());
    }

    @Test
    void retryAfterIsIgnoredOutsideThrottlingStatuses() {
        assertEquals(Optional.empty(), classifier.classify(500, "120").retryNotBefore());
        assertEquals(Optional.empty(), classifier.classify(301, "120").retryNotBefore());
        assertEquals(Optional.empty(), classifier.classify(200, "120").retryNotBefore());
    }

    @Test
    void convenienceFlags() {
        assertTrue(classifier.classify(200, null).succeeded());
        assertFalse(classifier.classify(200, null).retryable());
        assertTrue(classifier.classify(503, null).retryable());
        assertTrue(classifier.classify(302, null).retryable());
        assertFalse(classifier.classify(410, null).retryable());
    }
}
