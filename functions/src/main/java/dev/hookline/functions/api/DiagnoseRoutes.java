package dev.hookline.functions.api;

import dev.hookline.core.inbound.source.SourceDiagnostics;
import dev.hookline.core.inbound.verify.Diagnosis;
import dev.hookline.core.inbound.verify.VerificationFailure;
import dev.hookline.core.problem.Problem;
import dev.hookline.functions.http.ApiResponse;
import dev.hookline.functions.http.Call;
import dev.hookline.functions.http.Route;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The signature doctor over the API: {@code POST /v1/sources/{id}/diagnose} with a captured request answers why it
 * does (not) verify with the source's settings; {@code GET /v1/sources/{id}/verification-failures} lists the last
 * failed verifications ingest kept. Neither ever returns a secret or a body.
 */
public final class DiagnoseRoutes {
    public record CapturedBody(String method, String url, Map<String, String> headers, String body, String bodyBase64,
                               String receivedAt) {
    }

    record FindingView(String code, boolean confirmed, String message, String fix) {
    }

    record DiagnosisView(boolean verified, boolean explained, String scheme, String reason, String detail,
                         List<FindingView> findings) {
        static DiagnosisView of(Diagnosis d) {
            return new DiagnosisView(d.verified(), d.explained(), d.scheme(), d.reason(), d.detail(),
                    d.findings().stream().map(f -> new FindingView(f.code(), f.confirmed(), f.message(), f.fix())).toList());
        }
    }

    record FailureView(String at, String scheme, String reason, String detail, List<String> headerNames, int bodyLength,
                       String bodySha256, Long timestampSkewS) {
        static FailureView of(VerificationFailure f) {
            return new FailureView(f.at().toString(), f.scheme(), f.reason(), f.detail(), f.headerNames(), f.bodyLength(),
                    f.bodySha256(), f.timestampSkewSeconds());
        }
    }

    record FailurePage(List<FailureView> data) {
    }

    private final SourceDiagnostics diagnostics;

    public DiagnoseRoutes(SourceDiagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    public List<Route> routes() {
        return List.of(
                new Route("POST", "/v1/sources/{id}/diagnose", Route.Access.TENANT, this::diagnose),
                new Route("GET", "/v1/sources/{id}/verification-failures", Route.Access.TENANT, call -> ApiResponse.json(200,
                        new FailurePage(diagnostics.failures(call.caller(), call.param("id")).stream()
                                .map(FailureView::of).toList()))));
    }

    private ApiResponse diagnose(Call call) {
        CapturedBody captured = call.request().bodyAs(CapturedBody.class);
        if (captured.body() != null && captured.bodyBase64() != null) {
            throw invalid("body", "give body or body_base64, not both");
        }
        byte[] body;
        try {
            body = captured.bodyBase64() != null ? Base64.getDecoder().decode(captured.bodyBase64())
                    : captured.body() == null ? new byte[0] : captured.body().getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid("body_base64", "is not base64");
        }
        Instant receivedAt = null;
        if (captured.receivedAt() != null) {
            try {
                receivedAt = OffsetDateTime.parse(captured.receivedAt()).toInstant();
            } catch (DateTimeParseException e) {
                throw invalid("received_at", "must be an RFC 3339 time, e.g. 2026-01-31T12:00:00Z");
            }
        }
        if (captured.method() != null && !captured.method().matches("[A-Za-z]{1,10}")) {
            throw invalid("method", "must be an HTTP method");
        }
        Diagnosis d = diagnostics.diagnose(call.caller(), call.param("id"), new SourceDiagnostics.Captured(captured.method(),
                captured.url(), captured.headers() == null ? Map.of() : captured.headers(), body, receivedAt));
        return ApiResponse.json(200, DiagnosisView.of(d));
    }

    private static RuntimeException invalid(String field, String message) {
        return Problem.invalid("The captured request is not valid.", List.of(new Problem.FieldError(field, message)))
                .toException();
    }
}
