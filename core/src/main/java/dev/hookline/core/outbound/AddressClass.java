package dev.hookline.core.outbound;

/**
 * Where an IP address sits in the IANA special-purpose registries, as far as sending webhooks is concerned.
 *
 * @param category the most specific category that applies
 * @param range    the matching range in CIDR notation, for messages ({@code "public"} when none matched)
 * @param embedsIpv4 true for IPv6 transition forms (IPv4-mapped/compatible, NAT64, 6to4, Teredo) that carry an IPv4
 *                 address; these are never allowed, even for local development, because the stack may route them to
 *                 the embedded IPv4 target
 */
public record AddressClass(Category category, String range, boolean embedsIpv4) {

    public enum Category {
        PUBLIC,
        LOOPBACK,
        PRIVATE,
        LINK_LOCAL,
        /** Cloud instance/task metadata endpoints: credentials live there, so never reachable in any mode. */
        METADATA,
        /** Everything else special-purpose: unspecified, documentation, benchmarking, multicast, future use, … */
        RESERVED
    }

    public boolean isPublic() {
        return category == Category.PUBLIC && !embedsIpv4;
    }
}
