package dev.hookline.functions.api;

import dev.hookline.core.crypto.CursorSeal;
import dev.hookline.core.delivery.DeliveryStatus;
import dev.hookline.core.delivery.DeliveryStore;
import dev.hookline.core.delivery.TestSend;
import dev.hookline.core.endpoint.BreakerSettings;
import dev.hookline.core.endpoint.ClientCertificateSettings;
import dev.hookline.core.endpoint.Endpoint;
import dev.hookline.core.endpoint.EndpointAdmin;
import dev.hookline.core.endpoint.EndpointSettings;
import dev.hookline.core.outbound.RetryPolicy;
import dev.hookline.core.problem.Problem;
import dev.hookline.functions.http.ApiResponse;
import dev.hookline.functions.http.Call;
import dev.hookline.functions.http.Page;
import dev.hookline.functions.http.Route;

import java.util.List;
import java.util.Map;

/** {@code /v1/endpoints…}: the tenant's receivers, their secrets, test sends and delivery history. */
public final class EndpointRoutes {
    public record SigningBody(Boolean asymmetric) {
    }

    /** PEM certificate chain and key, or a Secrets Manager secret holding both. */
    public record ClientCertificateBody(String certificate, String privateKey, String secretArn) {
        ClientCertificateSettings toSettings() {
            return new ClientCertificateSettings(certificate, privateKey, secretArn);
        }

        @Override
        public String toString() {
            return "ClientCertificateBody[]";
        }
    }

    public record EndpointBody(String url, String description, List<String> eventTypes, Boolean enabled,
                               Map<String, String> headers, RetryPolicy.Overrides retry, Integer timeoutMs,
                               SigningBody signing, BreakerSettings.Overrides breaker, String name, String secret, Boolean eventTypeHeader,
                               ClientCertificateBody clientCertificate, String delivery) {
        EndpointSettings toSettings() {
            return new EndpointSettings(url, description, eventTypes, enabled, headers, retry, timeoutMs,
                    signing == null ? null : signing.asymmetric(), breaker, name, secret, eventTypeHeader,
                    pull(delivery));
        }

        /** Never the secret. */
        @Override
        public String toString() {
            return "EndpointBody[url=" + url + ", name=" + name + "]";
        }

        private static Boolean pull(String delivery) {
            if (delivery == null) {
                return null;
            }
            return switch (delivery) {
                case "push" -> false;
                case "pull" -> true;
                default -> throw Problem.invalid("delivery must be push or pull.",
                        List.of(new Problem.FieldError("delivery", "must be 'push' or 'pull'"))).toException();
            };
        }
    }

    private final EndpointAdmin admin;
    private final DeliveryStore deliveries;
    private final TestSend testSend;
    private final Paging paging;

    public EndpointRoutes(EndpointAdmin admin, DeliveryStore deliveries, TestSend testSend, CursorSeal cursors) {
        this.paging = new Paging(cursors);
        this.admin = admin;
        this.deliveries = deliveries;
        this.testSend = testSend;
    }

    public List<Route> routes() {
        return List.of(
                new Route("POST", "/v1/endpoints", Route.Access.TENANT, call -> {
                    EndpointBody body = call.request().bodyAs(EndpointBody.class);
                    EndpointAdmin.Created created = admin.create(call.caller(),
                            body.toSettings(),
                            body.clientCertificate() == null ? null : body.clientCertificate().toSettings());
                    return ApiResponse.json(201, Views.endpoint(created.endpoint(), created.secret()));
                }),
                new Route("GET", "/v1/endpoints", Route.Access.TENANT, call -> {
                    int limit = Paging.limit(call.request());
                    Paging.Slice<Endpoint> page = Paging.slice(admin.page(call.caller(), paging.after(call, "endpoints"),
                            limit + 1), limit, Endpoint::id);
                    return ApiResponse.json(200, new Page<>(page.items().stream().map(e -> Views.endpoint(e, null)).toList(),
                            paging.next(call, "endpoints", page.after())));
                }),
                new Route("GET", "/v1/endpoints/{id}", Route.Access.TENANT,
                        call -> ApiResponse.json(200, Views.endpoint(admin.get(call.caller(), call.param("id")), null))),
                new Route("PATCH", "/v1/endpoints/{id}", Route.Access.TENANT, call -> {
                    EndpointBody body = call.request().bodyAs(EndpointBody.class);
                    return ApiResponse.json(200, Views.endpoint(admin.update(call.caller(), call.param("id"),
                            body.toSettings()), null));
                }),
                new Route("DELETE", "/v1/endpoints/{id}", Route.Access.TENANT, call -> {
                    admin.delete(call.caller(), call.param("id"));
                    return ApiResponse.noContent();
                }),
                new Route("POST", "/v1/endpoints/{id}/enable", Route.Access.TENANT, call -> ApiResponse.json(200,
                        Views.endpoint(admin.setEnabled(call.caller(), call.param("id"), true), null))),
                new Route("POST", "/v1/endpoints/{id}/disable", Route.Access.TENANT, call -> ApiResponse.json(200,
                        Views.endpoint(admin.setEnabled(call.caller(), call.param("id"), false), null))),
                new Route("GET", "/v1/endpoints/{id}/secret", Route.Access.TENANT, call -> {
                    EndpointAdmin.Secrets secrets = admin.secrets(call.caller(), call.param("id"));
                    Map<String, String> view = new java.util.LinkedHashMap<>();
                    view.put("secret", secrets.secret());
                    // "" for an HMAC-only endpoint, as the document promises: the field is always there.
                    view.put("public_key", secrets.publicKey() == null ? "" : secrets.publicKey());
                    return ApiResponse.json(200, view);
                }),
                new Route("PUT", "/v1/endpoints/{id}/client-certificate", Route.Access.TENANT, call -> ApiResponse.json(200,
                        Views.endpoint(admin.setClientCertificate(call.caller(), call.param("id"),
                                call.request().bodyAs(ClientCertificateBody.class).toSettings()), null))),
                new Route("DELETE", "/v1/endpoints/{id}/client-certificate", Route.Access.TENANT, call -> ApiResponse.json(200,
                        Views.endpoint(admin.removeClientCertificate(call.caller(), call.param("id")), null))),
                new Route("POST", "/v1/endpoints/{id}/test", Route.Access.TENANT, call -> ApiResponse.json(200,
                        Views.attempt(testSend.send(call.caller(), call.param("id"))))),
                new Route("GET", "/v1/endpoints/{id}/deliveries", Route.Access.TENANT, this::deliveries));
    }

    private ApiResponse deliveries(Call call) {
        admin.get(call.caller(), call.param("id"));
        DeliveryStatus status = call.request().queryParam("status").map(s -> {
            try {
                return DeliveryStatus.fromWire(s);
            } catch (IllegalArgumentException e) {
                throw Problem.invalid("Unknown status '" + s + "'.", List.of(new Problem.FieldError("status",
                        "must be one of pending, succeeded, failed, retrying, dead_lettered"))).toException();
            }
        }).orElse(null);
        String list = "deliveries/" + call.param("id");
        String filter = status == null ? "" : status.wire();
        DeliveryStore.DeliveryPage page = deliveries.listByEndpoint(call.caller().tenantId(), call.param("id"), status,
                paging.after(call, list, filter), Paging.limit(call.request()));
        return ApiResponse.json(200, new Page<>(page.deliveries().stream().map(d -> Views.delivery(d, null)).toList(),
                paging.next(call, list, page.nextCursor(), filter)));
    }
}
