package dev.hookline.functions.http;


import java.util.Optional;
import dev.hookline.core.access.Caller;

/** Resolves a bearer credential to the admin role or to a tenant. */
public interface Authenticator {
    boolean isAdmin(String bearer);

    Optional<Caller> tenant(String bearer);
}
