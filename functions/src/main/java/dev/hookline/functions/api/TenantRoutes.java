package dev.hookline.functions.api;

import dev.hookline.core.tenant.ApiKey;
import dev.hookline.core.tenant.IssuedApiKey;
import dev.hookline.core.tenant.TenantAdmin;
import dev.hookline.functions.http.ApiResponse;
import dev.hookline.functions.http.Page;
import dev.hookline.functions.http.Route;

import java.util.List;

/** Tenants (admin) and a tenant's API keys. A key's plaintext appears only in the response creating it. */
public final class TenantRoutes {
    public record NameBody(String name) {
    }

    public record TenantCreated(String id, String name, String createdAt, String apiKey, String apiKeyId) {
    }

    public record KeyView(String id, String name, String hint, String createdAt, String apiKey) {
        static KeyView of(ApiKey key, String plaintext) {
            return new KeyView(key.id(), key.name(), key.hint(), key.createdAt().toString(), plaintext);
        }
    }

    private final TenantAdmin admin;

    public TenantRoutes(TenantAdmin admin) {
        this.admin = admin;
    }

    public List<Route> routes() {
        return List.of(
                new Route("POST", "/v1/tenants", Route.Access.ADMIN, call -> {
                    TenantAdmin.NewTenant created = admin.createTenant(call.request().bodyAs(NameBody.class).name());
                    return ApiResponse.json(201, new TenantCreated(created.tenant().id(), created.tenant().name(),
                            created.tenant().createdAt().toString(), created.firstKey().plaintext(),
                            created.firstKey().key().id()));
                }),
                new Route("POST", "/v1/api-keys", Route.Access.TENANT, call -> {
                    IssuedApiKey key = admin.createKey(call.caller(), call.request().bodyAs(NameBody.class).name());
                    return ApiResponse.json(201, KeyView.of(key.key(), key.plaintext()));
                }),
                new Route("GET", "/v1/api-keys", Route.Access.TENANT, call -> ApiResponse.json(200, new Page<>(
                        admin.listKeys(call.caller()).stream().map(k -> KeyView.of(k, null)).toList(), null))),
                new Route("DELETE", "/v1/api-keys/{id}", Route.Access.TENANT, call -> {
                    admin.revokeKey(call.caller(), call.param("id"));
                    return ApiResponse.noContent();
                }));
    }
}
