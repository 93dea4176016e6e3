package dev.hookline.core.outbound;

import dev.hookline.core.outbound.AddressClass.Category;
import java.net.InetAddress;
import java.util.List;

/**
 * Classifies addresses against the IANA IPv4 and IPv6 special-purpose address registries (RFC 6890 and successors),
 * plus the AWS metadata endpoints.
 *
 * <p>Deliberately a deny-list of everything special-purpose, including ranges some registries mark "globally
 * reachable" (e.g. parts of 192.0.0/24 and 2001::/23): a webhook receiver has no business living there, and erring
 * towards refusal is cheap. Ranges are checked in order and the first match wins, so the specific metadata hosts come
 * before the link-local and ULA blocks that contain them.
 */
public final class SpecialPurposeAddresses {

    private record Range(byte[] prefix, int bits, Category category, String text) {
        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int fullBytes = bits / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[fullBytes] & mask) == (prefix[fullBytes] & mask);
        }
    }

    private static final List<Range> IPV4 = List.of(
            v4("169.254.169.254/32", Category.METADATA),  // EC2 IMDS
            v4("169.254.170.2/32", Category.METADATA),    // ECS task credentials
            v4("169.254.170.23/32", Category.METADATA),   // EKS Pod Identity agent
            v4("0.0.0.0/8", Category.RESERVED),           // "this network"; 0.0.0.0 reaches localhost on Linux
            v4("10.0.0.0/8", Category.PRIVATE),
            v4("100.64.0.0/10", Category.PRIVATE),        // shared address space (CGNAT)
            v4("127.0.0.0/8", Category.LOOPBACK),
            v4("169.254.0.0/16", Category.LINK_LOCAL),
            v4("172.16.0.0/12", Category.PRIVATE),
            v4("192.0.0.0/24", Category.RESERVED),        // IETF protocol assignments
            v4("192.0.2.0/24", Category.RESERVED),        // TEST-NET-1
            v4("192.88.99.0/24", Category.RESERVED),      // 6to4 relay anycast (deprecated)
            v4("192.168.0.0/16", Category.PRIVATE),
            v4("198.18.0.0/15", Category.RESERVED),       // benchmarking
            v4("198.51.100.0/24", Category.RESERVED),     // TEST-NET-2
            v4("203.0.113.0/24", Category.RESERVED),      // TEST-NET-3
            v4("224.0.0.0/4", Category.RESERVED),         // multicast
            v4("240.0.0.0/4", Category.RESERVED));        // future use, includes 255.255.255.255

    private static final List<Range> IPV6 = List.of(
            v6("::/128", Category.RESERVED),           // unspecified
            v6("::1/128", Category.LOOPBACK),
            v6("fd00:ec2::254/128", Category.METADATA), // EC2 IMDS over IPv6
            v6("fd00:ec2::23/128", Category.METADATA),  // EKS Pod Identity agent over IPv6
            v6("100::/64", Category.RESERVED),         // discard-only
            v6("2001:db8::/32", Category.RESERVED),    // documentation
            v6("2001::/23", Category.RESERVED),        // IETF protocol assignments, incl. Teredo 2001::/32
            v6("fc00::/7", Category.PRIVATE),          // unique local
            v6("fe80::/10", Category.LINK_LOCAL),
            v6("fec0::/10", Category.RESERVED),        // deprecated site-local, still routed by some stacks
            v6("ff00::/8", Category.RESERVED));        // multicast

    /**
     * IPv6 forms that carry an IPv4 address.
     *
     * @param v4Offset byte offset of the embedded IPv4 address, or -1 when the embedding is not fixed
     * @param inverted Teredo stores the client address bit-inverted
     */
    private record Transition(Range range, int v4Offset, boolean inverted) {
    }

    private static final List<Transition> TRANSITION = List.of(
            new Transition(v6("::ffff:0:0/96", Category.RESERVED), 12, false),  // IPv4-mapped
            new Transition(v6("::/96", Category.RESERVED), 12, false),          // IPv4-compatible (deprecated)
            new Transition(v6("64:ff9b::/96", Category.RESERVED), 12, false),   // NAT64 well-known prefix
            new Transition(v6("64:ff9b:1::/48", Category.RESERVED), -1, false), // local-use NAT64
            new Transition(v6("2002::/16", Category.RESERVED), 2, false),       // 6to4
            new Transition(v6("2001::/32", Category.RESERVED), 12, true));      // Teredo

    private SpecialPurposeAddresses() {
    }

    public static AddressClass classify(InetAddress address) {
        return classify(address.getAddress());
    }

    /** {@code address} is 4 bytes (IPv4) or 16 bytes (IPv6) in network order. */
    public static AddressClass classify(byte[] address) {
        if (address.length == 4) {
            for (Range range : IPV4) {
                if (range.contains(address)) {
                    return new AddressClass(range.category(), range.text(), false);
                }
            }
            return new AddressClass(Category.PUBLIC, "public", false);
        }
        if (address.length != 16) {
            throw new IllegalArgumentException("not an IP address: " + address.length + " bytes");
        }
        // Loopback and unspecified come first: they are inside ::/96 but are not transition forms.
        for (Range range : IPV6.subList(0, 2)) {
            if (range.contains(address)) {
                return new AddressClass(range.category(), range.text(), false);
            }
        }
        for (Transition transition : TRANSITION) {
            if (transition.range().contains(address)) {
                return embedded(transition, address);
            }
        }
        for (Range range : IPV6) {
            if (range.contains(address)) {
                return new AddressClass(range.category(), range.text(), false);
            }
        }
        return new AddressClass(Category.PUBLIC, "public", false);
    }

    /**
     * Reports the embedded IPv4 target's category when it is special (so "::ffff:127.0.0.1" reads as loopback), and
     * RESERVED otherwise; either way the result is flagged so that no mode lets it through.
     */
    private static AddressClass embedded(Transition transition, byte[] address) {
        String text = transition.range().text();
        if (transition.v4Offset() < 0) {
            return new AddressClass(Category.RESERVED, text, true);
        }
        byte[] v4 = new byte[4];
        for (int i = 0; i < 4; i++) {
            byte b = address[transition.v4Offset() + i];
            v4[i] = transition.inverted() ? (byte) ~b : b;
        }
        AddressClass inner = classify(v4);
        Category category = inner.category() == Category.PUBLIC ? Category.RESERVED : inner.category();
        return new AddressClass(category, text + " embedding " + inner.range(), true);
    }

    private static Range v4(String cidr, Category category) {
        return parse(cidr, category);
    }

    private static Range v6(String cidr, Category category) {
        return parse(cidr, category);
    }

    private static Range parse(String cidr, Category category) {
        int slash = cidr.indexOf('/');
        byte[] prefix = InetAddress.ofLiteral(cidr.substring(0, slash)).getAddress();
        if (cidr.contains(":") && prefix.length == 4) {
            // ofLiteral folds ::ffff:a.b.c.d into IPv4; rebuild the 16-byte form the table needs.
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(prefix, 0, mapped, 12, 4);
            prefix = mapped;
        }
        return new Range(prefix, Integer.parseInt(cidr.substring(slash + 1)), category, cidr);
    }
}
