package dev.hookline.core.inbound.source;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** IPv4/IPv6 CIDR blocks; an empty list allows everyone. Parses only literals (never resolves names). */
public final class IpAllowlist {
    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

    private record Block(byte[] network, int prefix) {
    }

    private final List<Block> blocks;

    private IpAllowlist(List<Block> blocks) {
        this.blocks = blocks;
    }

    public static IpAllowlist of(List<String> cidrs) {
        List<Block> blocks = new ArrayList<>();
        for (String cidr : cidrs) {
            blocks.add(parse(cidr).orElseThrow(() -> new IllegalArgumentException("Not a CIDR block: " + cidr)));
        }
        return new IpAllowlist(blocks);
    }

    public static boolean isValid(String cidr) {
        return parse(cidr).isPresent();
    }

    public boolean allows(String sourceIp) {
        if (blocks.isEmpty()) {
            return true;
        }
        byte[] address = literal(sourceIp);
        if (address == null) {
            return false;
        }
        for (Block block : blocks) {
            if (block.network().length == address.length && samePrefix(block.network(), address, block.prefix())) {
                return true;
            }
        }
        return false;
    }

    private static java.util.Optional<Block> parse(String cidr) {
        if (cidr == null) {
            return java.util.Optional.empty();
        }
        int slash = cidr.indexOf('/');
        byte[] address = literal(slash < 0 ? cidr : cidr.substring(0, slash));
        if (address == null) {
            return java.util.Optional.empty();
        }
        int max = address.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? max : Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
        if (prefix < 0 || prefix > max) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Block(address, prefix));
    }

    /** Address bytes of an IP literal, or null; the pattern check keeps InetAddress from resolving names. */
    private static byte[] literal(String text) {
        if (text == null || text.isEmpty() || !LITERAL.matcher(text).matches()) {
            return null;
        }
        if (!text.contains(":") && text.split("\\.", -1).length != 4) {
            return null;
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean samePrefix(byte[] a, byte[] b, int prefix) {
        BigInteger mask = prefix == 0 ? BigInteger.ZERO
                : BigInteger.ONE.shiftLeft(prefix).subtract(BigInteger.ONE).shiftLeft(a.length * 8 - prefix);
        return new BigInteger(1, a).and(mask).equals(new BigInteger(1, b).and(mask));
    }
}
