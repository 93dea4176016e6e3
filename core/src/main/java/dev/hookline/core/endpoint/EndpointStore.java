package dev.hookline.core.endpoint;

import java.util.List;
import java.util.Optional;

/** Port: endpoints, always addressed by (tenant, id). */
public interface EndpointStore {
    void create(Endpoint endpoint);

    Optional<Endpoint> get(String tenantId, String endpointId);

    /** Every endpoint of the tenant, in id order (fan-out reads them all). */
    List<Endpoint> listAll(String tenantId);

    /** A page in id order, starting after {@code afterId} (null for the first page). */
    List<Endpoint> page(String tenantId, String afterId, int limit);

    /** Replaces the endpoint if its stored version is {@code endpoint.version()}; false if it changed meanwhile. */
    boolean update(Endpoint endpoint);

    boolean delete(String tenantId, String endpointId);
}
