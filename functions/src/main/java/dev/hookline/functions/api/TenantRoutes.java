package dev.hookline.functions.api;

import dev.hookline.core.access.Caller;
import dev.hookline.core.crypto.CursorSeal;
import dev.hookline.core.tenant.ApiKey;
import dev.hookline.core.tenant.IssuedApiKey;
import dev.hookline.core.tenant.Tenant;
import dev.hookline.core.tenant.TenantAdmin;
import dev.hookline.functions.http.ApiResponse;
import dev.hookline.functions.http.Call;
import dev.hookline.functions.http.Page;
import dev.hookline.functions.http.Route;

import java.util.List;

/**
 * Tenants and their API keys: the admin creates and lists tenants and manages any tenant's keys
 * ({@code /v1/tenants…}); a tenant manages its own keys ({@code /v1/api-keys…}). A key's plaintext appears only in
 * the response creating it.
 */
public final class TenantRoutes {
    public record NameBody(String name) {
    }

    public record TenantCreated(String id, String name, String createdAt, String apiKey, String apiKeyId) {
    }

    public record TenantView(String id, String name, String createdAt) {
        static TenantView of(Tenant t) {
            return new TenantView(t.id(), t.name(), t.createdAt().toString());
        }
    }

    public record KeyView(String id, String name, String hint, String createdAt, String apiKey) {
        static KeyView of(ApiKey key, String plaintext) {
            return new KeyView(key.id(), key.name(), key.hint(), key.createdAt().toString(), plaintext);
        }
    }

    private final TenantAdmin admin;
    private final Paging paging;

    public TenantRoutes(TenantAdmin admin, CursorSeal cursors) {
        this.admin = admin;
        this.paging = new Paging(cursors);
    }

    public List<Route> routes() {
        return List.of(
                new Route("POST", "/v1/tenants", Route.Access.ADMIN, call -> {
                    TenantAdmin.NewTenant created = admin.createTenant(call.request().bodyAs(NameBody.class).name());
                    return ApiResponse.json(201, new TenantCreated(created.tenant().id(), created.tenant().name(),
                            created.tenant().createdAt().toString(), created.firstKey().plaintext(),
                            created.firstKey().key().id()));
                }),
                new Route("GET", "/v1/tenants", Route.Access.ADMIN, call -> {
                    int limit = Paging.limit(call.request());
                    Paging.Slice<Tenant> page = Paging.slice(admin.tenants(paging.after(call, "tenants"), limit + 1),
                            limit, Tenant::id);
                    return ApiResponse.json(200, new Page<>(page.items().stream().map(TenantView::of).toList(),
                            paging.next(call, "tenants", page.after())));
                }),
                new Route("GET", "/v1/tenants/{id}", Route.Access.ADMIN,
                        call -> ApiResponse.json(200, TenantView.of(admin.tenant(call.param("id"))))),
                new Route("POST", "/v1/tenants/{id}/api-keys", Route.Access.ADMIN,
                        call -> createKey(admin.actingAsAdmin(call.param("id")), call)),
                new Route("GET", "/v1/tenants/{id}/api-keys", Route.Access.ADMIN,
                        call -> listKeys(admin.actingAsAdmin(call.param("id")))),
                new Route("DELETE", "/v1/tenants/{id}/api-keys/{key_id}", Route.Access.ADMIN,
                        call -> revokeKey(admin.actingAsAdmin(call.param("id")), call.param("key_id"))),
                new Route("POST", "/v1/api-keys", Route.Access.TENANT, call -> createKey(call.caller(), call)),
                new Route("GET", "/v1/api-keys", Route.Access.TENANT, call -> listKeys(call.caller())),
                new Route("DELETE", "/v1/api-keys/{id}", Route.Access.TENANT,
                        call -> revokeKey(call.caller(), call.param("id"))));
    }

    private ApiResponse createKey(Caller caller, Call call) {
        IssuedApiKey key = admin.createKey(caller, call.request().bodyAs(NameBody.class).name());
        return ApiResponse.json(201, KeyView.of(key.key(), key.plaintext()));
    }

    private ApiResponse listKeys(Caller caller) {
        return ApiResponse.json(200, new Page<>(admin.listKeys(caller).stream().map(k -> KeyView.of(k, null)).toList(), null));
    }

    private ApiResponse revokeKey(Caller caller, String keyId) {
        admin.revokeKey(caller, keyId);
        return ApiResponse.noContent();
    }
}
