package dev.hookline.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.hookline.core.access.AdminCredential;
import dev.hookline.core.access.Caller;
import dev.hookline.core.tenant.TenantAdmin;
import dev.hookline.functions.api.AuditRoutes;
import dev.hookline.functions.log.Correlation;
import dev.hookline.functions.api.ConsoleRoutes;
import dev.hookline.functions.api.DeliveryRoutes;
import dev.hookline.functions.api.DiagnoseRoutes;
import dev.hookline.functions.api.EndpointRoutes;
import dev.hookline.functions.api.EventRoutes;
import dev.hookline.functions.api.EventTypesRoutes;
import dev.hookline.functions.api.HealthRoutes;
import dev.hookline.functions.api.OpenApiRoutes;
import dev.hookline.functions.api.PullRoutes;
import dev.hookline.functions.api.RecoveryRoutes;
import dev.hookline.functions.api.RunRoutes;
import dev.hookline.functions.api.SecretRoutes;
import dev.hookline.functions.api.StatsRoutes;
import dev.hookline.functions.api.SourceRoutes;
import dev.hookline.functions.api.TenantRoutes;
import dev.hookline.functions.console.ConsoleAssets;
import dev.hookline.functions.http.ApiRequest;
import dev.hookline.functions.http.Authenticator;
import dev.hookline.functions.http.Route;
import dev.hookline.functions.http.Router;
import dev.hookline.functions.wiring.Wiring;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * ApiFunction: the management API ({@code /v1/*}), {@code /health}, {@code /openapi.json} and the web console
 * ({@code /console/}). Decode, route, encode.
 */
public final class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final Router router;
    @SuppressWarnings("unused")
    private final Priming priming;

    /** Lambda's entry: the root built from this execution environment's variables. */
    public ApiHandler() {
        this(Wiring.from(System.getenv()));
    }

    /** Tests' and the local runner's entry: a root they built (with their clock) for one execution environment. */
    public ApiHandler(Wiring wiring) {
        TenantAdmin tenants = wiring.tenantAdmin();
        AdminCredential adminKey = wiring.adminKey();
        List<Route> routes = new ArrayList<>();
        routes.addAll(new HealthRoutes(wiring.health(), wiring.clock()).routes());
        var cursors = wiring.cursorSeal();
        routes.addAll(new TenantRoutes(tenants, cursors).routes());
        var deliveries = wiring.deliveryStore();
        routes.addAll(new EndpointRoutes(wiring.endpointAdmin(), deliveries, wiring.testSend(), cursors).routes());
        var catalog = wiring.eventCatalog();
        routes.addAll(new EventRoutes(catalog, wiring.messageStore(), deliveries,
                wiring.maxEventBytes(), cursors).routes());
        var deliveryAdmin = wiring.deliveryAdmin();
        routes.addAll(new DeliveryRoutes(deliveries, deliveryAdmin).routes());
        routes.addAll(new RecoveryRoutes(wiring.endpointAdmin(), wiring.recovery(), deliveryAdmin, cursors).routes());
        routes.addAll(new AuditRoutes(wiring.auditTrail(), cursors).routes());
        routes.addAll(new PullRoutes(wiring.pullDeliveries(), deliveries).routes());
        routes.addAll(new SourceRoutes(wiring.sourceAdmin(), cursors).routes());
        routes.addAll(new DiagnoseRoutes(wiring.sourceDiagnostics()).routes());
        routes.addAll(new SecretRoutes(wiring.secretRotation()).routes());
        routes.addAll(new StatsRoutes(wiring.endpointAdmin(), wiring.deliveryStats(), wiring.clock()).routes());
        routes.addAll(new RunRoutes(wiring.runAdmin(), cursors).routes());
        routes.addAll(new EventTypesRoutes(catalog, cursors).routes());
        routes.addAll(new OpenApiRoutes().routes());
        routes.addAll(new ConsoleRoutes(ConsoleAssets.fromClasspath()).routes());
        this.router = new Router(routes, new Authenticator() {
            @Override
            public boolean isAdmin(String bearer) {
                return adminKey.matches(bearer);
            }

            @Override
            public Optional<Caller> tenant(String bearer) {
                return tenants.authenticate(bearer);
            }
        }, wiring.log("api"));
        this.priming = Priming.register(wiring, () -> router.dispatch(ApiRequest.from(new APIGatewayV2HTTPEvent())));
    }

    public List<Route> routes() {
        return router.routes();
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        Correlation.begin(context);
        try {
            ApiRequest request = ApiRequest.from(event);
            Correlation.put(Correlation.REQUEST_ID, request.requestId());
            return router.dispatch(request).toGateway();
        } finally {
            Correlation.end();
        }
    }
}
