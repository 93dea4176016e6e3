package dev.hookline.core.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Name resolution as a port, so the URL guard stays pure and tests can script DNS answers (including the hostile ones:
 * a name resolving to loopback, or to a public and a private address at once).
 */
@FunctionalInterface
public interface HostResolver {

    /** Every address the name resolves to; never empty on success. */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
