package dev.hookline.core.outbound;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A URL that passed the guard, with the address the sender must connect to.
 *
 * <p>Connecting to {@code pinnedAddress} instead of resolving {@code host} again closes the DNS-rebinding gap between
 * check and use; {@code host} is still what goes into the Host header and TLS SNI / certificate checks. For IP-literal
 * URLs {@code host} is the address text without IPv6 brackets.
 */
public record GuardedTarget(URI uri, String host, int port, InetAddress pinnedAddress, List<InetAddress> all) {

    public GuardedTarget {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(pinnedAddress, "pinnedAddress");
        all = List.copyOf(all);
    }
}
