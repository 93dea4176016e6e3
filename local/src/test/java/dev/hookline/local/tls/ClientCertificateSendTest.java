package dev.hookline.local.tls;

import dev.hookline.core.delivery.OutboundRequest;
import dev.hookline.core.delivery.OutboundResponse;
import dev.hookline.core.outbound.ClientIdentity;
import dev.hookline.core.outbound.FailureKind;
import dev.hookline.core.outbound.PemIdentity;
import dev.hookline.core.outbound.SystemHostResolver;
import dev.hookline.core.outbound.UrlGuard;
import dev.hookline.infrastructure.http.HttpWebhookSender;
import dev.hookline.local.testing.TestPki;
import dev.hookline.local.testing.TestReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mutual TLS on the outbound path, against a real loopback HTTPS receiver that requires a client certificate: the
 * pinned-address sender presents the endpoint's certificate, the receiver sees its subject; without one, or with one
 * from a CA the receiver does not trust, the handshake fails and nothing is received. PEM parsing and its refusals.
 */
class ClientCertificateSendTest {
    private final TestPki serverPki = new TestPki("receiver CA");
    private final TestPki clientPki = new TestPki("client CA");
    private TestReceiver receiver;
    private HttpWebhookSender sender;

    @BeforeEach
    void start() throws Exception {
        receiver = new TestReceiver(serverPki.receiverContext(clientPki.ca()), true);
        java.nio.file.Path ca = java.nio.file.Files.createTempFile("receiver-ca", ".pem");
        java.nio.file.Files.writeString(ca, java.nio.file.Files.readString(serverPki.caFile()));
        sender = new HttpWebhookSender(new UrlGuard(new SystemHostResolver(), true, true), ca);
    }

    @AfterEach
    void stop() {
        sender.close();
        receiver.close();
    }

    private OutboundResponse send(ClientIdentity identity) {
        return sender.send(new OutboundRequest(receiver.url("/hook"), Map.of("x-test", "mtls"),
                "{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5), identity));
    }

    private static ClientIdentity identity(TestPki.Issued issued) throws Exception {
        return PemIdentity.parse(issued.certificatePem(), issued.privateKeyPem(), Instant.now()).identity();
    }

    @Test
    void theEndpointsCertificateIsPresentedAndAccepted() throws Exception {
        OutboundResponse ok = send(identity(clientPki.client("acme-hookline")));
        assertEquals(200, ok.statusCode(), ok.error());
        TestReceiver.Received got = receiver.next(Duration.ofSeconds(5));
        assertEquals("CN=acme-hookline", got.clientSubject());
        OutboundResponse rsa = send(identity(clientPki.rsaClient("acme-rsa")));
        assertEquals(200, rsa.statusCode(), rsa.error());
        assertEquals("CN=acme-rsa", receiver.next(Duration.ofSeconds(5)).clientSubject());
    }

    @Test
    void withoutACertificateOrWithAnUntrustedOneTheHandshakeFails() throws Exception {
        OutboundResponse none = send(null);
        assertFalse(none.answered(), "no certificate: no answer");
        OutboundResponse stranger = send(identity(new TestPki("someone else").client("intruder")));
        assertFalse(stranger.answered());
        assertTrue(none.failure() == FailureKind.TLS_ERROR || none.failure() == FailureKind.CONNECT_ERROR
                || none.failure() == FailureKind.INCOMPLETE_RESPONSE, String.valueOf(none.failure()));
        assertNull(receiver.next(Duration.ofMillis(300)), "the receiver never got a request");
        assertTrue(send(identity(clientPki.client("good"))).answered(), "the same sender still works with the right one");
    }

    @Test
    void clientsAreCachedPerIdentityAndBounded() throws Exception {
        ClientIdentity one = identity(clientPki.client("one"));
        for (int i = 0; i < 3; i++) {
            assertEquals(200, send(one).statusCode());
        }
        assertEquals(1, sender.identityClients(), "one identity, one client, its connections reused");
        for (int i = 0; i < 70; i++) {
            send(identity(clientPki.client("n" + i)));
        }
        assertEquals(64, sender.identityClients(), "at most MAX_IDENTITY_CLIENTS are kept");
    }

    @Test
    void pemThatCannotBeUsedIsRefusedNamingTheField() {
        TestPki.Issued a = clientPki.client("a");
        TestPki.Issued b = clientPki.client("b");
        assertEquals("private_key", assertThrows(PemIdentity.InvalidPem.class,
                () -> PemIdentity.parse(a.certificatePem(), b.privateKeyPem(), Instant.now())).error().field(),
                "a key of another certificate");
        assertEquals("certificate", assertThrows(PemIdentity.InvalidPem.class,
                () -> PemIdentity.parse("not pem", a.privateKeyPem(), Instant.now())).error().field());
        TestPki.Issued expired = clientPki.expiredClient("old");
        assertTrue(assertThrows(PemIdentity.InvalidPem.class, () -> PemIdentity.parse(expired.certificatePem(),
                expired.privateKeyPem(), Instant.now())).getMessage().contains("expired"));
        String pkcs1 = a.privateKeyPem().replace("PRIVATE KEY", "EC PRIVATE KEY");
        PemIdentity.InvalidPem legacy = assertThrows(PemIdentity.InvalidPem.class,
                () -> PemIdentity.parse(a.certificatePem(), pkcs1, Instant.now()));
        assertTrue(legacy.getMessage().contains("openssl pkcs8"), legacy.getMessage());
        assertFalse(legacy.getMessage().contains(a.privateKeyPem().substring(30, 60)), "the key is never echoed");
        PemIdentity.Parsed chain = assertDoesNotThrowParse(a.certificatePem() + clientPki.caPem(), a.privateKeyPem());
        assertEquals(2, chain.identity().chain().size(), "leaf then intermediates");
        assertEquals(64, chain.fingerprintSha256().length());
    }

    private static PemIdentity.Parsed assertDoesNotThrowParse(String cert, String key) {
        try {
            return PemIdentity.parse(cert, key, Instant.now());
        } catch (PemIdentity.InvalidPem e) {
            throw new AssertionError(e.getMessage());
        }
    }
}
