package dev.hookline.functions.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.crypto.CursorSeal;
import dev.hookline.core.inbound.source.Source;
import dev.hookline.core.inbound.source.SourceAdmin;
import dev.hookline.core.inbound.source.SourceSettings;
import dev.hookline.core.inbound.source.VerificationSettings;
import dev.hookline.functions.http.ApiRequest;
import dev.hookline.functions.http.ApiResponse;
import dev.hookline.functions.http.Call;
import dev.hookline.functions.http.Page;
import dev.hookline.functions.http.Route;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /v1/sources…}: inbound capability URLs. The token appears only in create and rotate answers. */
public final class SourceRoutes {
    public record SourceBody(String name, String mode, JsonNode verification, List<String> ipAllowlist,
                             Integer maxBodyBytes, JsonNode dedup, JsonNode trigger, JsonNode stream,
                             Boolean requireClientCert, String clientCertSubject) {
        SourceSettings toSettings() {
            return new SourceSettings(name, mode, verification, ipAllowlist, maxBodyBytes, dedup, trigger, stream,
                    requireClientCert, clientCertSubject);
        }
    }

    public record RotateBody(Long graceS) {
    }

    private final SourceAdmin admin;
    private final Paging paging;

    public SourceRoutes(SourceAdmin admin, CursorSeal cursors) {
        this.admin = admin;
        this.paging = new Paging(cursors);
    }

    public List<Route> routes() {
        return List.of(
                new Route("POST", "/v1/sources", Route.Access.TENANT, call -> {
                    SourceAdmin.Created created = admin.create(call.caller(), call.request().bodyAs(SourceBody.class).toSettings());
                    return ApiResponse.json(201, view(created.source(), ingestUrl(call.request(), created.token())));
                }),
                new Route("GET", "/v1/sources", Route.Access.TENANT, call -> {
                    int limit = Paging.limit(call.request());
                    Paging.Slice<Source> page = Paging.slice(admin.page(call.caller(), paging.after(call, "sources"),
                            limit + 1), limit, Source::id);
                    return ApiResponse.json(200, new Page<>(page.items().stream().map(s -> view(s, null)).toList(),
                            paging.next(call, "sources", page.after())));
                }),
                new Route("GET", "/v1/sources/{id}", Route.Access.TENANT,
                        call -> ApiResponse.json(200, view(admin.get(call.caller(), call.param("id")), null))),
                new Route("PATCH", "/v1/sources/{id}", Route.Access.TENANT, call -> ApiResponse.json(200, view(
                        admin.update(call.caller(), call.param("id"), call.request().bodyAs(SourceBody.class).toSettings()), null))),
                new Route("DELETE", "/v1/sources/{id}", Route.Access.TENANT, call -> {
                    admin.delete(call.caller(), call.param("id"));
                    return ApiResponse.noContent();
                }),
                new Route("POST", "/v1/sources/{id}/token/rotate", Route.Access.TENANT, this::rotate),
                new Route("GET", "/v1/sources/{id}/stats", Route.Access.TENANT, call -> {
                    SourceAdmin.Stats stats = admin.stats(call.caller(), call.param("id"),
                            call.request().queryParam("window").orElse(null));
                    Map<String, Object> v = new LinkedHashMap<>();
                    v.put("source_id", stats.sourceId());
                    v.put("window", stats.window());
                    v.put("since", stats.since().toString());
                    for (String counter : List.of("shed", "quarantined", "verification_failed")) {
                        v.put(counter, stats.counts().getOrDefault(counter, 0L));
                    }
                    Map<String, Long> reasons = new LinkedHashMap<>();
                    stats.counts().forEach((name, n) -> {
                        if (name.startsWith("verification_failed_")) {
                            reasons.put(name.substring("verification_failed_".length()), n);
                        }
                    });
                    v.put("verification_failed_by_reason", reasons);
                    return ApiResponse.json(200, v);
                }));
    }

    private ApiResponse rotate(Call call) {
        RotateBody body = call.request().body().length == 0 ? new RotateBody(null) : call.request().bodyAs(RotateBody.class);
        SourceAdmin.Created rotated = admin.rotateToken(call.caller(), call.param("id"),
                body.graceS() == null ? null : Duration.ofSeconds(body.graceS()));
        return ApiResponse.json(200, view(rotated.source(), ingestUrl(call.request(), rotated.token())));
    }

    /** The URL the sender should call, on the host this API was reached at. */
    static String ingestUrl(ApiRequest request, String token) {
        String proto = request.header("x-forwarded-proto").orElse("https");
        String host = request.header("host").orElse("localhost");
        return proto + "://" + host + "/in/" + token;
    }

    private static Map<String, Object> view(Source s, String ingestUrl) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", s.id());
        v.put("name", s.name());
        v.put("mode", s.mode().wire());
        Map<String, Object> verification = new LinkedHashMap<>();
        List<String> schemes = VerificationSettings.schemes(s.verificationScheme());
        if (schemes.size() > 1) {
            verification.put("scheme", "all_of");
            verification.put("all_of", schemes);
        } else {
            verification.put("scheme", s.verificationScheme());
        }
        if (s.secretArn() != null) {
            verification.put("secret_arn", s.secretArn());
        }
        v.put("verification", verification);
        v.put("ip_allowlist", s.ipAllowlist());
        v.put("max_body_bytes", s.maxBodyBytes());
        putIfPresent(v, "dedup", s.dedup());
        putIfPresent(v, "trigger", s.trigger());
        putIfPresent(v, "stream", s.stream());
        v.put("require_client_cert", s.requireClientCert());
        putIfPresent(v, "client_cert_subject", s.clientCertSubject());
        putIfPresent(v, "previous_token_expires_at", s.previousTokenExpiresAt() == null ? null : s.previousTokenExpiresAt().toString());
        v.put("created_at", s.createdAt().toString());
        v.put("updated_at", s.updatedAt().toString());
        putIfPresent(v, "ingest_url", ingestUrl);
        return v;
    }

    private static void putIfPresent(Map<String, Object> v, String key, Object value) {
        if (value != null) {
            v.put(key, value);
        }
    }
}
