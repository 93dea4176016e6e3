package dev.hookline.core.outbound;

import dev.hookline.core.outbound.AddressClass.Category;
import dev.hookline.core.outbound.UnsafeUrlException.Reason;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * SSRF guard for outbound webhook URLs: decides whether we may POST to a tenant-supplied URL, and pins the address.
 *
 * <p>Rules, in order: absolute {@code https} URL ({@code http} only when built for local development); no userinfo
 * (it hides the real host from people reading the URL); a host and a port in 1..65535; IPv4 only as a canonical
 * dotted quad, because {@code 0177.0.0.1}, {@code 0x7f.1}, {@code 2130706433} and {@code 127.1} mean 127.0.0.1 to
 * curl/glibc but something else (or nothing) to Java, and we refuse to guess which the sender's stack will pick;
 * then resolve once and refuse if <em>any</em> address is special-purpose (a name answering with one public and one
 * private address could otherwise be steered to the private one). Run it at registration and again before every
 * connect, and connect to {@link GuardedTarget#pinnedAddress()}.
 *
 * <p>{@code allowPrivateTargets} exists for local development and tests talking to a loopback receiver: it admits
 * loopback and private ranges, never metadata endpoints, link-local, reserved ranges or IPv6 transition forms.
 */
public final class UrlGuard {

    public static final int MAX_URL_LENGTH = 2048;

    private static final Pattern DOTTED_QUAD = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");
    /** A final label that is a number makes the host an IPv4 address to URL parsers (WHATWG "ends in a number"). */
    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");

    private final HostResolver resolver;
    private final boolean allowHttp;
    private final boolean allowPrivateTargets;

    public UrlGuard(HostResolver resolver, boolean allowHttp, boolean allowPrivateTargets) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.allowHttp = allowHttp;
        this.allowPrivateTargets = allowPrivateTargets;
    }

    /** The production configuration: https only, public targets only. */
    public static UrlGuard strict(HostResolver resolver) {
        return new UrlGuard(resolver, false, false);
    }

    /** @throws UnsafeUrlException when the URL must not be called */
    public GuardedTarget check(String url) {
        if (url == null || url.isBlank()) {
            throw refuse(Reason.INVALID_URL, "a URL is required");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw refuse(Reason.INVALID_URL, "the URL is longer than " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw refuse(Reason.INVALID_URL, "the URL is not well formed");
        }
        if (!uri.isAbsolute() || uri.isOpaque()) {
            throw refuse(Reason.INVALID_URL, "the URL must be absolute, like https://example.com/hook");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw refuse(Reason.SCHEME_NOT_ALLOWED,
                    "scheme '" + scheme + "' is not allowed; use " + (allowHttp ? "https or http" : "https"));
        }
        if (uri.getRawUserInfo() != null) {
            throw refuse(Reason.USERINFO_NOT_ALLOWED, "credentials in the URL (user@host) are not allowed");
        }
        String host = uri.getHost();
        if (host == null) {
            // java.net.URI gives up on some hosts (127.1, 0x7f.0.0.1, underscores, non-ASCII); say which kind it was.
            String authority = uri.getRawAuthority();
            if (authority != null && endsInNumber(stripPort(authority))) {
                throw refuse(Reason.AMBIGUOUS_ADDRESS, ambiguous(stripPort(authority)));
            }
            throw refuse(Reason.INVALID_URL, "the URL has no valid host name");
        }
        int port = uri.getPort() == -1 ? (scheme.equals("https") ? 443 : 80) : uri.getPort();
        if (port < 1 || port > 65535) {
            throw refuse(Reason.INVALID_PORT, "port " + uri.getPort() + " is outside 1..65535");
        }

        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            String literal = host.substring(1, host.length() - 1);
            InetAddress address = ipv6Literal(literal);
            requireAllowed(literal, address, true);
            return new GuardedTarget(uri, literal, port, address, List.of(address));
        }
        if (endsInNumber(host)) {
            if (!DOTTED_QUAD.matcher(host).matches()) {
                throw refuse(Reason.AMBIGUOUS_ADDRESS, ambiguous(host));
            }
            InetAddress address = InetAddress.ofLiteral(host);
            requireAllowed(host, address, true);
            return new GuardedTarget(uri, host, port, address, List.of(address));
        }
        if (!allowPrivateTargets && (host.equals("localhost") || host.endsWith(".localhost"))) {
            // RFC 6761: these names are loopback by definition, whatever a resolver says.
            throw refuse(Reason.LOOPBACK_ADDRESS, host + " is a loopback name");
        }
        List<InetAddress> addresses = resolve(host);
        for (InetAddress address : addresses) {
            requireAllowed(host, address, false);
        }
        return new GuardedTarget(uri, host, port, addresses.getFirst(), addresses);
    }

    private List<InetAddress> resolve(String host) {
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw refuse(Reason.UNRESOLVABLE_HOST, host + " does not resolve");
        }
        if (addresses == null || addresses.isEmpty()) {
            throw refuse(Reason.UNRESOLVABLE_HOST, host + " does not resolve");
        }
        return List.copyOf(addresses);
    }

    private void requireAllowed(String host, InetAddress address, boolean literal) {
        AddressClass cls = SpecialPurposeAddresses.classify(address);
        if (cls.isPublic()) {
            return;
        }
        boolean devReachable = cls.category() == Category.LOOPBACK || cls.category() == Category.PRIVATE;
        if (allowPrivateTargets && devReachable && !cls.embedsIpv4()) {
            return;
        }
        String where = literal ? host : host + " resolves to " + address.getHostAddress();
        throw refuse(reasonFor(cls.category()),
                where + ", which is in " + describe(cls.category()) + " range " + cls.range());
    }

    /**
     * The JDK folds IPv4-mapped literals into {@link Inet4Address}; rebuild the IPv6 form so the classifier sees the
     * mapping (and refuses it) instead of a plain IPv4 address.
     */
    private static InetAddress ipv6Literal(String literal) {
        if (literal.indexOf('%') >= 0) {
            throw refuse(Reason.INVALID_URL, "IPv6 zone identifiers are not allowed");
        }
        InetAddress parsed;
        try {
            parsed = Inet6Address.ofLiteral(literal);
        } catch (IllegalArgumentException e) {
            throw refuse(Reason.INVALID_URL, "the IPv6 address is not well formed");
        }
        if (parsed instanceof Inet4Address v4) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(v4.getAddress(), 0, mapped, 12, 4);
            try {
                return Inet6Address.getByAddress(null, mapped, -1);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return parsed;
    }

    private static boolean endsInNumber(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String last = h.substring(h.lastIndexOf('.') + 1);
        return !last.isEmpty() && NUMERIC_LABEL.matcher(last).matches();
    }

    private static String stripPort(String authority) {
        int at = authority.lastIndexOf('@');
        String hostPort = authority.substring(at + 1);
        int colon = hostPort.lastIndexOf(':');
        return colon >= 0 && !hostPort.startsWith("[") ? hostPort.substring(0, colon) : hostPort;
    }

    private static String ambiguous(String host) {
        return host + " is a non-canonical IPv4 form (leading zeros, octal, hex, integer or shortened);"
                + " write the address as four decimal octets";
    }

    private static Reason reasonFor(Category category) {
        return switch (category) {
            case LOOPBACK -> Reason.LOOPBACK_ADDRESS;
            case PRIVATE -> Reason.PRIVATE_ADDRESS;
            case LINK_LOCAL -> Reason.LINK_LOCAL_ADDRESS;
            case METADATA -> Reason.METADATA_ADDRESS;
            case RESERVED, PUBLIC -> Reason.RESERVED_ADDRESS;
        };
    }

    private static String describe(Category category) {
        return switch (category) {
            case LOOPBACK -> "the loopback";
            case PRIVATE -> "a private";
            case LINK_LOCAL -> "the link-local";
            case METADATA -> "a cloud metadata";
            case RESERVED, PUBLIC -> "a reserved";
        };
    }

    private static UnsafeUrlException refuse(Reason reason, String message) {
        return new UnsafeUrlException(reason, message);
    }
}
