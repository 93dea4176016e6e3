package dev.hookline.infrastructure.http;

import dev.hookline.core.outbound.GuardedTarget;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The HTTP client's only source of addresses: it answers with the address the {@link dev.hookline.core.outbound.UrlGuard}
 * vetted for the current send, and never does a lookup of its own.
 *
 * <p>Why: the guard resolves a name and checks every address; if the client then resolved the name again, a DNS
 * answer that changed in between (rebinding) would send the signed payload to an address nobody checked. Here the
 * connection uses exactly the vetted answer, while the URI keeps the host name so the Host header, TLS SNI and
 * certificate checks still use the name.
 *
 * <p>The vetted target travels in a {@link ScopedValue} bound by the sending thread around the client call: the
 * classic client connects on the calling thread, and a scoped value cannot leak into a later send the way a
 * forgotten ThreadLocal could. Outside a scope, or for any other host, it refuses (fail closed).
 */
final class PinnedDnsResolver implements DnsResolver {

    private static final ScopedValue<GuardedTarget> CURRENT = ScopedValue.newInstance();

    /** Runs {@code call} with {@code target}'s pinned address as the only answer for its host. */
    static <T> T withTarget(GuardedTarget target, ScopedValue.CallableOp<T, IOException> call) throws IOException {
        return ScopedValue.where(CURRENT, target).call(call);
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        GuardedTarget target = CURRENT.isBound() ? CURRENT.get() : null;
        if (target == null || !sameHost(host, target.host())) {
            // Not an UnsafeUrlException: this is a wiring bug (a send without a vetted target), not a tenant's URL.
            throw new UnknownHostException(host + " has no vetted address for this request");
        }
        return new InetAddress[] {target.pinnedAddress()};
    }

    /** Only used for SPNEGO/Kerberos principal names, which webhooks never use; no lookup, on purpose. */
    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
    }

    /** The client may hand over an IPv6 literal with brackets and in the URI's case; the guard stores neither. */
    private static boolean sameHost(String requested, String vetted) {
        return unbracket(requested).equalsIgnoreCase(unbracket(vetted));
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
