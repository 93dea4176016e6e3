package dev.hookline.functions.http;

import dev.hookline.core.tenant.Caller;

import java.util.Optional;

/** Resolves a bearer credential to the admin role or to a tenant. */
public interface Authenticator {
    boolean isAdmin(String bearer);

    Optional<Caller> tenant(String bearer);
}
