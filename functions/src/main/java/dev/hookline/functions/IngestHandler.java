package dev.hookline.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.ProblemType;
import dev.hookline.functions.http.ApiRequest;
import dev.hookline.functions.http.ApiResponse;
import dev.hookline.functions.log.Log;
import dev.hookline.functions.wiring.Wiring;
import dev.hookline.infrastructure.config.Environment;
import dev.hookline.infrastructure.dynamo.IngestTokens;

import java.time.Clock;
import java.util.Map;

/**
 * IngestFunction: {@code POST /in/{token}}. The token is the capability: it is looked up by its hash, and
 * an unknown token answers 404 without touching anything else.
 */
public final class IngestHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final IngestTokens tokens;
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
        this.tokens = new IngestTokens(wiring.aws().dynamo(), wiring.env().require("ENTITIES_TABLE"));
        this.log = wiring.log("ingest");
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        ApiRequest request = ApiRequest.from(event);
        String token = request.pathParameters().get("token");
        var source = token == null ? java.util.Optional.<String>empty() : tokens.sourceFor(token);
        if (source.isEmpty()) {
            log.info("ingest refused", Map.of("request_id", String.valueOf(request.requestId()), "outcome", "unknown_token"));
            return ApiResponse.problem(Problem.of(ProblemType.NOT_FOUND, "No source answers at this ingest URL.")).toGateway();
        }
        log.info("ingest refused", Map.of("request_id", String.valueOf(request.requestId()),
                "source_id", source.get(), "outcome", "source_not_accepting"));
        return ApiResponse.problem(Problem.of(ProblemType.UNAVAILABLE, "This source cannot accept calls yet."))
                .withHeader("retry-after", "60").toGateway();
    }
}
