package dev.hookline.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.hookline.core.inbound.IngestCall;
import dev.hookline.core.inbound.IngestOutcome;
import dev.hookline.core.inbound.IngestService;
import dev.hookline.core.problem.ProblemException;
import dev.hookline.functions.http.ApiRequest;
import dev.hookline.functions.http.ApiResponse;
import dev.hookline.functions.log.Log;
import dev.hookline.functions.wiring.Wiring;
import dev.hookline.infrastructure.config.Environment;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * IngestFunction: {@code POST /in/{token}}. Decodes the gateway event into the exact bytes and headers the
 * sender sent, lets the ingest service decide, and answers. Logs the source, request id and outcome only -
 * never bodies, signatures or tokens.
 */
public final class IngestHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final IngestService ingest;
    private final Log log;

    public IngestHandler() {
        this(Environment.system().asMap());
    }

    public IngestHandler(Map<String, String> environment) {
        this(Wiring.from(new Environment(environment)));
    }

    /** The local runner's entry when tests control time. */
    public IngestHandler(Map<String, String> environment, Clock clock) {
        this(Wiring.from(new Environment(environment), clock));
    }

    public IngestHandler(Wiring wiring) {
        this.ingest = wiring.ingestService();
        this.log = wiring.log("ingest");
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        ApiRequest request = ApiRequest.from(event);
        String token = request.pathParameters().getOrDefault("token", "");
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("request_id", String.valueOf(request.requestId()));
        try {
            IngestService.Result result = ingest.ingest(new IngestCall(token, request.method(), publicUrl(event, request),
                    request.headers(), request.body(), request.sourceIp(), null, request.requestId()));
            result.source().ifPresent(s -> fields.put("source_id", s.id()));
            ApiResponse response = answer(result.outcome());
            fields.put("outcome", result.outcome().getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
            fields.put("status", response.status());
            log.info("ingest", fields);
            return response.toGateway();
        } catch (IngestService.SourceProblem refused) {
            fields.put("source_id", refused.source().id());
            return refuse(refused.problem(), fields);
        } catch (ProblemException refused) {
            return refuse(refused, fields);
        } catch (RuntimeException e) {
            log.error("ingest failed", fields, e);
            return ApiResponse.problem(dev.hookline.core.problem.Problem.of(dev.hookline.core.problem.ProblemType.UNAVAILABLE,
                    "The call could not be accepted; nothing was kept. Retry shortly.")).withHeader("retry-after", "5").toGateway();
        }
    }

    private ApiResponse answer(IngestOutcome outcome) {
        return switch (outcome) {
            case IngestOutcome.Accepted a -> ApiResponse.json(202, Map.of("id", a.id(), "duplicate", false,
                    "status", a.status(), "records", a.records(), "shed", a.shed()));
            case IngestOutcome.FailedValidation f -> ApiResponse.json(202, Map.of("id", f.id(), "duplicate", false,
                    "status", "failed_validation"));
            case IngestOutcome.Duplicate d -> ApiResponse.json(200, Map.of("id", d.id(), "duplicate", true));
            case IngestOutcome.Handshake h -> new ApiResponse(200, Map.of("content-type", "application/json"), h.json());
        };
    }

    private APIGatewayV2HTTPResponse refuse(ProblemException refused, Map<String, Object> fields) {
        ApiResponse response = ApiResponse.problem(refused.problem());
        if (refused.retryAfterSeconds().isPresent()) {
            response = response.withHeader("retry-after", Integer.toString(refused.retryAfterSeconds().get()));
        }
        fields.put("outcome", refused.problem().type().substring(refused.problem().type().lastIndexOf('/') + 1));
        fields.put("status", response.status());
        log.info("ingest", fields);
        return response.toGateway();
    }

    /** The URL as the sender called it (Twilio and others sign it): scheme and host from the gateway. */
    private static String publicUrl(APIGatewayV2HTTPEvent event, ApiRequest request) {
        String proto = request.header("x-forwarded-proto").orElse("https");
        String host = request.header("host").orElse(event.getRequestContext() == null ? "localhost"
                : event.getRequestContext().getDomainName());
        String query = event.getRawQueryString() == null || event.getRawQueryString().isEmpty() ? "" : "?" + event.getRawQueryString();
        return proto + "://" + host + request.path() + query;
    }
}
