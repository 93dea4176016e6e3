package dev.hookline.core.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlGuardTest {

    private final FakeResolver dns = new FakeResolver(Map.of(
            "example.com", List.of("93.184.215.14"),
            "rebind.attacker.test", List.of("127.0.0.1"),
            "split.attacker.test", List.of("93.184.215.14", "10.1.2.3"),
            "metadata.attacker.test", List.of("169.254.169.254"),
            "v6.example.net", List.of("2606:2800:21f:cb07:6820:80da:af6b:1d1c", "93.184.215.14"),
            "localhost", List.of("127.0.0.1"),
            "receiver.local.test", List.of("192.168.65.2"),
            "empty.test", List.of()));
    private final UrlGuard strict = UrlGuard.strict(dns);
    private final UrlGuard dev = new UrlGuard(dns, true, true);

    private String refusal(UrlGuard guard, String url) {
        return assertThrows(UnsafeUrlException.class, () -> guard.check(url), url).code();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "http://example.com, scheme_not_allowed",
            "ftp://example.com, scheme_not_allowed",
            "file:///etc/passwd, scheme_not_allowed",
            "https://user:pw@example.com, userinfo_not_allowed",
            "https://@example.com, userinfo_not_allowed",
            "https://127.0.0.1, loopback_address",
            "https://127.255.255.254:8443/x, loopback_address",
            "https://0177.0.0.1, ambiguous_address",
            "https://0x7f.0.0.1, ambiguous_address",
            "https://0x7f000001, ambiguous_address",
            "https://2130706433, ambiguous_address",
            "https://017700000001, ambiguous_address",
            "https://127.1, ambiguous_address",
            "https://127.0.1, ambiguous_address",
            "https://127.0.0.1., ambiguous_address",
            "https://010.0.0.1, ambiguous_address",
            "https://foo.123, ambiguous_address",
            "https://[::1], loopback_address",
            "https://[0:0:0:0:0:0:0:1], loopback_address",
            "https://[::ffff:127.0.0.1], loopback_address",
            "https://[::ffff:7f00:1], loopback_address",
            "https://[::ffff:8.8.8.8], reserved_address",
            "https://[::ffff:169.254.169.254], metadata_address",
            "https://[::127.0.0.1], loopback_address",
            "https://[fd00:ec2::254], metadata_address",
            "https://[fd00:ec2::254]:80/latest/meta-data, metadata_address",
            "https://169.254.169.254/latest/meta-data, metadata_address",
            "https://169.254.170.2/v2/credentials, metadata_address",
            "https://169.254.1.1, link_local_address",
            "https://10.0.0.1, private_address",
            "https://192.168.1.1, private_address",
            "https://172.16.0.1, private_address",
            "https://172.31.255.255, private_address",
            "https://100.64.0.1, private_address",
            "https://0.0.0.0, reserved_address",
            "https://192.0.0.8, reserved_address",
            "https://192.0.2.1, reserved_address",
            "https://192.88.99.1, reserved_address",
            "https://198.18.0.1, reserved_address",
            "https://198.19.255.255, reserved_address",
            "https://198.51.100.7, reserved_address",
            "https://203.0.113.9, reserved_address",
            "https://224.0.0.1, reserved_address",
            "https://239.255.255.250, reserved_address",
            "https://240.0.0.1, reserved_address",
            "https://255.255.255.255, reserved_address",
            "https://[::], reserved_address",
            "https://[fe80::1], link_local_address",
            "https://[fc00::1], private_address",
            "https://[fd12:3456::1], private_address",
            "https://[ff02::1], reserved_address",
            "https://[100::1], reserved_address",
            "https://[2001:db8::1], reserved_address",
            "https://[2001:1::1], reserved_address",
            "https://[64:ff9b::7f00:1], loopback_address",
            "https://[64:ff9b::808:808], reserved_address",
            "https://[64:ff9b:1::1], reserved_address",
            "https://[2002:7f00:1::], loopback_address",
            "https://[2002:a00:1::1], private_address",
            "https://[2001:0:4136:e378:8000:63bf:80ff:fffe], loopback_address",
            "https://[fe80::1%25eth0], invalid_url",
            "https://rebind.attacker.test/hook, loopback_address",
            "https://split.attacker.test/hook, private_address",
            "https://metadata.attacker.test, metadata_address",
            "https://localhost:8080, loopback_address",
            "https://api.localhost, loopback_address",
            "https://nxdomain.test, unresolvable_host",
            "https://empty.test, unresolvable_host",
            "https://example.com:0, invalid_port",
            "https://example.com:70000, invalid_port",
            "https://my_host.example.com, invalid_url",
            "https:example.com, invalid_url",
            "/relative/path, invalid_url",
            "https://exa mple.com, invalid_url",
            "'', invalid_url",
    })
    void refusesAttacks(String url, String code) {
        assertEquals(code, refusal(strict, url));
    }

    @Test
    void teredoVectorEmbedsLoopbackBitInverted() {
        // Teredo client 127.0.0.1 is stored as ~0x7f000001 = 0x80fffffe in the last 32 bits.
        AddressClass cls = SpecialPurposeAddresses.classify(
                InetAddress.ofLiteral("2001:0:4136:e378:8000:63bf:80ff:fffe"));
        assertEquals(AddressClass.Category.LOOPBACK, cls.category());
        assertTrue(cls.embedsIpv4());
    }

    @Test
    void allowsPublicHostnameAndPinsTheResolvedAddress() {
        GuardedTarget target = strict.check("https://example.com/hooks?x=1");
        assertEquals(URI.create("https://example.com/hooks?x=1"), target.uri());
        assertEquals("example.com", target.host());
        assertEquals(443, target.port());
        assertEquals(InetAddress.ofLiteral("93.184.215.14"), target.pinnedAddress());
        assertEquals(List.of(InetAddress.ofLiteral("93.184.215.14")), target.all());
        assertEquals(List.of("example.com"), dns.lookups, "resolved exactly once");
    }

    @Test
    void allowsPublicIpv6Literal() {
        GuardedTarget target = strict.check("https://[2606:2800:21f:cb07:6820:80da:af6b:1d1c]");
        assertEquals("2606:2800:21f:cb07:6820:80da:af6b:1d1c", target.host());
        assertEquals(InetAddress.ofLiteral("2606:2800:21f:cb07:6820:80da:af6b:1d1c"), target.pinnedAddress());
        assertTrue(dns.lookups.isEmpty(), "literals are not resolved");
    }

    @Test
    void allowsPublicIpv4LiteralWithPort() {
        GuardedTarget target = strict.check("https://8.8.8.8:8443/x");
        assertEquals("8.8.8.8", target.host());
        assertEquals(8443, target.port());
        assertEquals(InetAddress.ofLiteral("8.8.8.8"), target.pinnedAddress());
        assertTrue(dns.lookups.isEmpty());
    }

    @Test
    void allowsDualStackNameWhenEveryAddressIsPublic() {
        GuardedTarget target = strict.check("HTTPS://V6.Example.NET/a");
        assertEquals("v6.example.net", target.host());
        assertEquals(2, target.all().size());
        assertEquals(InetAddress.ofLiteral("2606:2800:21f:cb07:6820:80da:af6b:1d1c"), target.pinnedAddress());
    }

    @Test
    void boundariesOfPrivateRangesStayPublic() {
        for (String ip : List.of("172.15.255.255", "172.32.0.0", "100.63.255.255", "100.128.0.0", "198.17.255.255",
                "198.20.0.0", "223.255.255.255", "11.0.0.0", "1.1.1.1", "169.253.255.255")) {
            assertEquals(ip, strict.check("https://" + ip).host(), ip);
        }
    }

    @Test
    void devModeAllowsLoopbackAndPrivateOverHttp() {
        GuardedTarget target = dev.check("http://127.0.0.1:8080/hook");
        assertEquals(8080, target.port());
        assertEquals(InetAddress.ofLiteral("127.0.0.1"), target.pinnedAddress());
        assertEquals(80, dev.check("http://receiver.local.test/hook").port());
        assertEquals("localhost", dev.check("http://localhost:9000").host());
        assertEquals("::1", dev.check("http://[::1]:9000").host());
    }

    @Test
    void devModeStillRefusesMetadataLinkLocalReservedAndMappedForms() {
        assertEquals("metadata_address", refusal(dev, "http://169.254.169.254"));
        assertEquals("metadata_address", refusal(dev, "http://169.254.169.254/latest/meta-data/iam"));
        assertEquals("metadata_address", refusal(dev, "http://[fd00:ec2::254]"));
        assertEquals("metadata_address", refusal(dev, "http://metadata.attacker.test"));
        assertEquals("link_local_address", refusal(dev, "http://169.254.10.10"));
        assertEquals("reserved_address", refusal(dev, "http://0.0.0.0:8080"));
        assertEquals("loopback_address", refusal(dev, "http://[::ffff:127.0.0.1]:8080"));
        assertEquals("ambiguous_address", refusal(dev, "http://127.1:8080"));
        assertEquals("scheme_not_allowed", refusal(dev, "ftp://127.0.0.1"));
    }

    @Test
    void httpAloneDoesNotOpenPrivateTargets() {
        UrlGuard httpOnly = new UrlGuard(dns, true, false);
        assertEquals("example.com", httpOnly.check("http://example.com").host());
        assertEquals("loopback_address", refusal(httpOnly, "http://127.0.0.1:8080"));
    }

    @Test
    void messagesNameTheHostAndRangeButNotTheQuery() {
        UnsafeUrlException e = assertThrows(UnsafeUrlException.class,
                () -> strict.check("https://rebind.attacker.test/hook?token=s3cret"));
        assertEquals(UnsafeUrlException.Reason.LOOPBACK_ADDRESS, e.reason());
        assertEquals("rebind.attacker.test resolves to 127.0.0.1, which is in the loopback range 127.0.0.0/8",
                e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"));
    }

    @Test
    void refusesOverlongUrls() {
        assertEquals("invalid_url", refusal(strict, "https://example.com/" + "a".repeat(UrlGuard.MAX_URL_LENGTH)));
    }
}
