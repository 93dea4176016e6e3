package dev.hookline.core.tenant;

import dev.hookline.core.access.Caller;
import dev.hookline.core.audit.AuditTrail;
import dev.hookline.core.audit.AuditViews;
import dev.hookline.core.crypto.Tokens;
import dev.hookline.core.delivery.PlatformEventSink;
import dev.hookline.core.id.IdPrefix;
import dev.hookline.core.id.Ids;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.ProblemType;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Tenants and their API keys: creation (admin), key issue/list/revoke (tenant), and authentication. */
public final class TenantAdmin {
    public static final String API_KEY_PREFIX = "hk_";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final int MAX_NAME = 200;

    private final TenantStore store;
    private final Ids ids;
    private final Clock clock;
    private final SecureRandom random;
    private final PlatformEventSink events;
    private final AuditTrail audit;

    /** Tenant creation, key issue and revocation are recorded in the audit log (of the tenant concerned). */
    public TenantAdmin(TenantStore store, Ids ids, Clock clock, SecureRandom random, PlatformEventSink events,
                       AuditTrail audit) {
        this.audit = audit;
        this.store = store;
        this.ids = ids;
        this.clock = clock;
        this.random = random;
        this.events = events;
    }

    public record NewTenant(Tenant tenant, IssuedApiKey firstKey) {
    }

    public NewTenant createTenant(String name) {
        String cleanName = requireName(name);
        Instant now = clock.instant();
        Tenant tenant = new Tenant(ids.next(IdPrefix.TENANT), cleanName, now);
        IssuedApiKey key = issue(tenant.id(), "default", now);
        try (AuditTrail.Pending created = audit.begin(tenant.id(), ADMIN_ACTOR, "tenant.created", "tenant", tenant.id());
             AuditTrail.Pending firstKey = audit.begin(tenant.id(), ADMIN_ACTOR, "api_key.created", "api_key", key.key().id())) {
            created.write(null, AuditViews.named(cleanName));
            firstKey.write(null, AuditViews.named(key.key().name()));
            store.createTenant(tenant, key.key());
            created.applied();
            firstKey.applied();
        }
        return new NewTenant(tenant, key);
    }

    /** Who acts when the admin manages a tenant's keys; events name it as {@code created_by} / {@code revoked_by}. */
    public static final String ADMIN_ACTOR = "admin";

    /** Every tenant, newest first (admin). {@code afterId} is the previous page's last id, or null. */
    public List<Tenant> tenants(String afterId, int limit) {
        if (afterId != null && !Ids.looksLike(IdPrefix.TENANT, afterId)) {
            throw Problem.of(ProblemType.BAD_REQUEST, "The cursor does not belong to this listing.").toException();
        }
        return store.listTenants(afterId, limit);
    }

    public Tenant tenant(String tenantId) {
        return store.findTenant(tenantId).orElseThrow(() ->
                Problem.of(ProblemType.NOT_FOUND, "No tenant " + tenantId + ".").toException());
    }

    /**
     * The caller the admin acts as on one tenant's keys (create, list, revoke); 404 when there is no such tenant, so a
     * key is never issued for a tenant that does not exist.
     */
    public Caller actingAsAdmin(String tenantId) {
        return new Caller(tenant(tenantId).id(), ADMIN_ACTOR);
    }

    public IssuedApiKey createKey(Caller caller, String name) {
        IssuedApiKey key = issue(caller.tenantId(), requireName(name), clock.instant());
        audit.recorded(caller, "api_key.created", "api_key", key.key().id(), null, AuditViews.named(key.key().name()), () -> {
            store.addKey(key.key());
            return key;
        });
        events.publish(caller.tenantId(), "api_key.created", JSON.createObjectNode().put("api_key_id", key.key().id())
                .put("name", key.key().name()).put("hint", key.key().hint()).put("created_by", caller.apiKeyId()).toString());
        return key;
    }

    public List<ApiKey> listKeys(Caller caller) {
        return store.listKeys(caller.tenantId());
    }

    public void revokeKey(Caller caller, String keyId) {
        ApiKey current = store.listKeys(caller.tenantId()).stream().filter(k -> k.id().equals(keyId)).findFirst()
                .orElseThrow(() -> Problem.of(ProblemType.NOT_FOUND, "No API key " + keyId + ".").toException());
        audit.recorded(caller, "api_key.revoked", "api_key", keyId, AuditViews.named(current.name()), null, () -> {
            if (!store.revokeKey(caller.tenantId(), keyId)) {
                throw Problem.of(ProblemType.NOT_FOUND, "No API key " + keyId + ".").toException();
            }
            return keyId;
        });
        events.publish(caller.tenantId(), "api_key.revoked", JSON.createObjectNode().put("api_key_id", keyId)
                .put("revoked_by", caller.apiKeyId()).toString());
    }

    /** The caller a bearer key belongs to, or empty for an unknown, revoked or malformed key. */
    public Optional<Caller> authenticate(String presentedKey) {
        if (presentedKey == null || !presentedKey.startsWith(API_KEY_PREFIX) || presentedKey.length() > 200) {
            return Optional.empty();
        }
        String hash = Tokens.sha256Hex(presentedKey);
        return store.findKeyByHash(hash)
                .filter(key -> Tokens.constantTimeEquals(key.keyHash(), hash))
                .map(key -> new Caller(key.tenantId(), key.id()));
    }

    private IssuedApiKey issue(String tenantId, String name, Instant now) {
        String plaintext = Tokens.generate(API_KEY_PREFIX, random);
        String hint = plaintext.substring(0, API_KEY_PREFIX.length() + 4) + "…";
        ApiKey key = new ApiKey(ids.next(IdPrefix.API_KEY), tenantId, name, Tokens.sha256Hex(plaintext), hint, now);
        return new IssuedApiKey(key, plaintext);
    }

    private static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw Problem.invalid("A name is required.",
                    List.of(new Problem.FieldError("name", "must be a non-empty string"))).toException();
        }
        String trimmed = name.strip();
        if (trimmed.length() > MAX_NAME) {
            throw Problem.invalid("The name is too long.",
                    List.of(new Problem.FieldError("name", "must be at most " + MAX_NAME + " characters"))).toException();
        }
        String problem = dev.hookline.core.wire.PlainText.problem(trimmed, false);
        if (problem != null) {
            throw Problem.invalid("The name is not plain text.",
                    List.of(new Problem.FieldError("name", problem))).toException();
        }
        return trimmed;
    }
}
