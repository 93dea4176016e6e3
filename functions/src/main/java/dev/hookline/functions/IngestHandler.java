package dev.hookline.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.inbound.IngestCall;
import dev.hookline.core.inbound.IngestOutcome;
import dev.hookline.core.inbound.IngestService;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.ProblemException;
import dev.hookline.core.problem.ProblemType;
import dev.hookline.functions.http.ApiRequest;
import dev.hookline.functions.http.ApiResponse;
import dev.hookline.functions.http.Json;
import dev.hookline.functions.log.Correlation;
import dev.hookline.functions.log.Log;
import dev.hookline.functions.metrics.IngestMetrics;
import dev.hookline.functions.wiring.Wiring;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * IngestFunction: {@code POST /in/{token}}. A stream handler, because the typed HTTP API event drops
 * requestContext.authentication, where API Gateway puts the mTLS client certificate. Decodes the exact
 * bytes and headers the sender sent, lets the ingest service decide, and answers. Logs the source,
 * request id and outcome only - never bodies, signatures or tokens.
 */
public final class IngestHandler implements RequestStreamHandler {
    private final IngestService ingest;
    private final Log log;
    private final IngestMetrics metrics;
    /** Held so CRaC (which keeps resources weakly) does not drop it before the snapshot. */
    @SuppressWarnings("unused")
    private final Priming priming;

    /** Lambda's entry: the root built from this execution environment's variables. */
    public IngestHandler() {
        this(Wiring.from(System.getenv()));
    }

    /** Tests' and the local runner's entry: a root they built (with their clock) for one execution environment. */
    public IngestHandler(Wiring wiring) {
        this.ingest = wiring.ingestService();
        this.log = wiring.log("ingest");
        this.metrics = new IngestMetrics(wiring.metrics());
        this.priming = Priming.register(wiring, () -> ApiRequest.fromJson(Json.MAPPER.createObjectNode()));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Correlation.begin(context);
        try {
            JsonNode event = Json.MAPPER.readTree(input);
            Json.MAPPER.writeValue(output, handle(event).toGatewayJson());
        } finally {
            Correlation.end();
        }
    }

    ApiResponse handle(JsonNode event) {
        ApiRequest request = ApiRequest.fromJson(event);
        String token = request.pathParameters().getOrDefault("token", "");
        JsonNode cert = event.at("/requestContext/authentication/clientCert/subjectDN");
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("request_id", String.valueOf(request.requestId()));
        Correlation.put(Correlation.REQUEST_ID, request.requestId());
        try {
            IngestService.Result result = ingest.ingest(new IngestCall(token, request.method(), publicUrl(event, request),
                    request.headers(), request.body(), request.sourceIp(), cert.isTextual() ? cert.asText() : null,
                    request.requestId()));
            result.source().ifPresent(s -> {
                fields.put("source_id", s.id());
                Correlation.put(Correlation.SOURCE_ID, s.id());
                Correlation.put(Correlation.TENANT_ID, s.tenantId());
            });
            ApiResponse response = answer(result.outcome());
            String outcome = result.outcome().metricName();
            fields.put("outcome", outcome);
            fields.put("status", response.status());
            log.info("ingest", fields);
            metrics.record(outcome);
            return response;
        } catch (IngestService.SourceProblem refused) {
            fields.put("source_id", refused.source().id());
            Correlation.put(Correlation.SOURCE_ID, refused.source().id());
            Correlation.put(Correlation.TENANT_ID, refused.source().tenantId());
            return refuse(refused.problem(), fields);
        } catch (ProblemException refused) {
            return refuse(refused, fields);
        } catch (RuntimeException e) {
            log.error("ingest failed", fields, e);
            return ApiResponse.problem(Problem.of(ProblemType.UNAVAILABLE,
                    "The call could not be accepted; nothing was kept. Retry shortly.")).withHeader("retry-after", "5");
        }
    }

    private static ApiResponse answer(IngestOutcome outcome) {
        return switch (outcome) {
            case IngestOutcome.Accepted a -> ApiResponse.json(202, Map.of("id", a.id(), "duplicate", false,
                    "status", a.status(), "records", a.records(), "shed", a.shed()));
            case IngestOutcome.FailedValidation f -> ApiResponse.json(202, Map.of("id", f.id(), "duplicate", false,
                    "status", "failed_validation"));
            case IngestOutcome.Duplicate d -> ApiResponse.json(200, Map.of("id", d.id(), "duplicate", true));
            case IngestOutcome.Handshake h -> new ApiResponse(200, Map.of("content-type", "application/json"), h.json());
        };
    }

    private ApiResponse refuse(ProblemException refused, Map<String, Object> fields) {
        ApiResponse response = ApiResponse.problem(refused.problem());
        if (refused.retryAfterSeconds().isPresent()) {
            response = response.withHeader("retry-after", Integer.toString(refused.retryAfterSeconds().get()));
        }
        String outcome = refused.problem().type().substring(refused.problem().type().lastIndexOf('/') + 1);
        fields.put("outcome", outcome);
        fields.put("status", response.status());
        log.info("ingest", fields);
        metrics.record(outcome);
        return response;
    }

    /** The URL as the sender called it (Twilio and others sign it): scheme and host from the gateway. */
    private static String publicUrl(JsonNode event, ApiRequest request) {
        String proto = request.header("x-forwarded-proto").orElse("https");
        String host = request.header("host").orElse(event.at("/requestContext/domainName").asText("localhost"));
        String rawQuery = event.path("rawQueryString").asText("");
        return proto + "://" + host + request.path() + (rawQuery.isEmpty() ? "" : "?" + rawQuery);
    }
}
