package dev.hookline.functions.http;

import dev.hookline.core.access.Caller;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.ProblemException;
import dev.hookline.core.problem.ProblemType;
import dev.hookline.functions.log.Correlation;
import dev.hookline.functions.log.Log;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Dispatches management calls: authenticates before anything else (an unauthenticated caller learns
 * nothing about which routes or ids exist), then routes, then turns problems into problem+json.
 */
public final class Router {
    private final List<Route> routes;
    private final Authenticator auth;
    private final Log log;

    public Router(List<Route> routes, Authenticator auth, Log log) {
        this.routes = List.copyOf(routes);
        this.auth = auth;
        this.log = log;
    }

    public List<Route> routes() {
        return routes;
    }

    public ApiResponse dispatch(ApiRequest request) {
        try {
            return route(request);
        } catch (ProblemException e) {
            ApiResponse response = ApiResponse.problem(e.problem());
            return e.retryAfterSeconds().map(s -> response.withHeader("retry-after", Integer.toString(s))).orElse(response);
        } catch (RuntimeException e) {
            log.error("request failed", Map.of("request_id", String.valueOf(request.requestId()),
                    "path", request.path()), e);
            return ApiResponse.problem(Problem.of(ProblemType.INTERNAL,
                    "The request failed on our side; request id " + request.requestId() + "."));
        }
    }

    private ApiResponse route(ApiRequest request) {
        List<Route> samePath = new ArrayList<>();
        for (Route route : routes) {
            Optional<Map<String, String>> params = route.match(request.path());
            if (params.isEmpty()) {
                continue;
            }
            samePath.add(route);
            if (route.method().equalsIgnoreCase(request.method())) {
                Caller caller = authorize(route.access(), request);
                if (caller != null) {
                    Correlation.put(Correlation.TENANT_ID, caller.tenantId());
                }
                return route.action().handle(new Call(request, params.get(), caller));
            }
        }
        // Nothing to run: under /v1 a caller must still be known before learning what exists.
        if (request.path().startsWith("/v1/") && !isAuthenticated(request)) {
            throw unauthorized();
        }
        if (samePath.isEmpty()) {
            throw Problem.of(ProblemType.NOT_FOUND, "No route " + request.method() + " " + request.path() + ".").toException();
        }
        String allowed = String.join(", ", samePath.stream().map(Route::method).toList());
        return ApiResponse.problem(Problem.of(ProblemType.METHOD_NOT_ALLOWED,
                request.method() + " is not allowed here; use " + allowed + ".")).withHeader("allow", allowed);
    }

    private boolean isAuthenticated(ApiRequest request) {
        Optional<String> bearer = request.bearerToken();
        return bearer.isPresent() && (auth.tenant(bearer.get()).isPresent() || auth.isAdmin(bearer.get()));
    }

    private Caller authorize(Route.Access access, ApiRequest request) {
        return switch (access) {
            case PUBLIC -> null;
            case ADMIN -> {
                if (request.bearerToken().filter(auth::isAdmin).isEmpty()) {
                    throw unauthorized();
                }
                yield null;
            }
            case TENANT -> request.bearerToken().flatMap(auth::tenant).orElseThrow(Router::unauthorized);
        };
    }

    private static ProblemException unauthorized() {
        return Problem.of(ProblemType.UNAUTHORIZED,
                "Send a valid key as 'Authorization: Bearer <key>'.").toException();
    }
}
