package dev.hookline.infrastructure.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hookline.core.outbound.GuardedTarget;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PinnedDnsResolverTest {

    private final PinnedDnsResolver resolver = new PinnedDnsResolver();

    @Test
    void answersWithThePinnedAddressForTheVettedHost() throws Exception {
        InetAddress pinned = InetAddress.ofLiteral("203.0.113.7");
        GuardedTarget target = target("https://hooks.example.test/in", "hooks.example.test", pinned);

        InetAddress[] answer = PinnedDnsResolver.withTarget(target, () -> resolver.resolve("Hooks.Example.Test"));

        assertArrayEquals(new InetAddress[] {pinned}, answer);
    }

    @Test
    void matchesBracketedIpv6Literals() throws Exception {
        InetAddress pinned = InetAddress.ofLiteral("2001:db8::1");
        GuardedTarget target = target("https://[2001:db8::1]/in", "2001:db8::1", pinned);

        InetAddress[] answer = PinnedDnsResolver.withTarget(target, () -> resolver.resolve("[2001:db8::1]"));

        assertArrayEquals(new InetAddress[] {pinned}, answer);
    }

    @Test
    void refusesOutsideASend() {
        assertThrows(UnknownHostException.class, () -> resolver.resolve("hooks.example.test"));
    }

    @Test
    void refusesAnyOtherHost() {
        GuardedTarget target = target("https://hooks.example.test/in", "hooks.example.test",
                InetAddress.ofLiteral("203.0.113.7"));

        assertThrows(UnknownHostException.class,
                () -> PinnedDnsResolver.withTarget(target, () -> resolver.resolve("other.example.test")));
    }

    private static GuardedTarget target(String uri, String host, InetAddress pinned) {
        return new GuardedTarget(URI.create(uri), host, 443, pinned, List.of(pinned));
    }
}
