package dev.hookline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.local.testing.Http;
import dev.hookline.local.testing.Tenants;
import dev.hookline.local.testing.TestPki;
import dev.hookline.local.testing.TestPlatform;
import dev.hookline.local.testing.TestReceiver;
import dev.hookline.local.testing.WithPlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11 item 10: an endpoint presents a client certificate to a receiver that requires one (a real HTTPS receiver
 * on loopback, its server certificate from the test CA the platform's sender trusts). Test events and deliveries use
 * it; the key is never in an API answer; a certificate by Secrets Manager reference works the same; unusable PEM is a
 * 422 naming the field.
 */
@WithPlatform
class MutualTlsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TestPki clients = new TestPki("Acme client CA");
    private TestReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = new TestReceiver(TestPki.shared().receiverContext(clients.ca()), true);
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private static String certificateJson(TestPki.Issued issued) throws Exception {
        return JSON.createObjectNode().put("certificate", issued.certificatePem()).put("private_key", issued.privateKeyPem())
                .toString();
    }

    /** The base64 body of the key: what must never come back. */
    private static String keyMaterial(TestPki.Issued issued) {
        return issued.privateKeyPem().lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
    }

    @Test
    void testEventsAndDeliveriesPresentTheEndpointsCertificate(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "mtls");
        TestPki.Issued cert = clients.client("acme-deliveries");
        JsonNode ep = t.createEndpoint("{\"url\":\"" + receiver.url("/hook") + "\",\"client_certificate\":"
                + certificateJson(cert) + "}");
        String id = ep.get("id").asText();
        List<String> answers = new ArrayList<>(List.of(ep.toString()));
        assertEquals("CN=acme-deliveries", ep.get("client_certificate").get("subject").asText());
        assertEquals(64, ep.get("client_certificate").get("fingerprint_sha256").asText().length());

        Http.Response test = t.send("POST", "/v1/endpoints/" + id + "/test", null);
        assertEquals(200, test.status(), test.body());
        assertEquals(200, test.json().get("status_code").asInt(), test.body());
        assertEquals("CN=acme-deliveries", receiver.next(Duration.ofSeconds(5)).clientSubject());

        String dlv = t.deliveryOf(t.publish("order.created", "{\"n\":1}"), id);
        t.awaitStatus(dlv, "succeeded", Duration.ofSeconds(15));
        TestReceiver.Received delivered = receiver.next(Duration.ofSeconds(5));
        assertNotNull(delivered);
        assertEquals("CN=acme-deliveries", delivered.clientSubject());
        assertNotNull(delivered.header("webhook-signature"), "signed as always");

        answers.add(t.get("/v1/endpoints/" + id).body());
        answers.add(t.get("/v1/endpoints").body());
        answers.add(t.get("/v1/endpoints/" + id + "/secret").body());
        answers.add(t.get("/v1/audit-log").body());
        for (String answer : answers) {
            assertFalse(answer.contains(keyMaterial(cert)), "the private key came back: " + answer);
            assertFalse(answer.contains("PRIVATE KEY"), answer);
        }
    }

    @Test
    void withoutItsCertificateTheSameReceiverRefusesAndRemovingItStopsPresentingIt(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "mtls-none");
        String id = t.createEndpoint("{\"url\":\"" + receiver.url("/hook") + "\"}").get("id").asText();
        JsonNode refused = t.send("POST", "/v1/endpoints/" + id + "/test", null).json();
        assertFalse(refused.has("status_code"), refused.toString());
        assertTrue(refused.get("error").asText().length() > 0, refused.toString());

        Http.Response set = t.send("PUT", "/v1/endpoints/" + id + "/client-certificate",
                certificateJson(clients.rsaClient("acme-rsa")));
        assertEquals(200, set.status(), set.body());
        assertEquals("CN=acme-rsa", set.json().get("client_certificate").get("subject").asText());
        assertEquals(200, t.send("POST", "/v1/endpoints/" + id + "/test", null).json().get("status_code").asInt());
        assertEquals("CN=acme-rsa", receiver.next(Duration.ofSeconds(5)).clientSubject());
        Http.Response removed = t.send("DELETE", "/v1/endpoints/" + id + "/client-certificate", null);
        assertEquals(200, removed.status(), removed.body());
        assertFalse(removed.json().has("client_certificate"));
        assertFalse(t.send("POST", "/v1/endpoints/" + id + "/test", null).json().has("status_code"),
                "no certificate any more: the handshake fails again");
    }

    @Test
    void aCertificateHeldInSecretsManagerIsReadAndUsed(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "mtls-arn");
        TestPki.Issued cert = clients.client("acme-from-secrets-manager");
        String arn = p.platform().aws().secrets().createSecret(CreateSecretRequest.builder()
                .name("hookline/endpoints/acme-" + UUID.randomUUID())
                .secretString(cert.certificatePem() + cert.privateKeyPem()).build()).arn();
        JsonNode ep = t.createEndpoint("{\"url\":\"" + receiver.url("/hook") + "\",\"client_certificate\":{\"secret_arn\":\""
                + arn + "\"}}");
        assertEquals(arn, ep.get("client_certificate").get("secret_arn").asText());
        assertEquals("CN=acme-from-secrets-manager", ep.get("client_certificate").get("subject").asText());
        String dlv = t.deliveryOf(t.publish("order.created", "{}"), ep.get("id").asText());
        t.awaitStatus(dlv, "succeeded", Duration.ofSeconds(15));
        assertEquals("CN=acme-from-secrets-manager", receiver.next(Duration.ofSeconds(5)).clientSubject());

        String outside = p.platform().aws().secrets().createSecret(CreateSecretRequest.builder()
                .name("elsewhere/acme-" + UUID.randomUUID()).secretString("x").build()).arn();
        Http.Response refused = p.http().post("/v1/endpoints", t.key(), "{\"url\":\"" + receiver.url("/")
                + "\",\"client_certificate\":{\"secret_arn\":\"" + outside + "\"}}");
        assertEquals(422, refused.status(), refused.body());
        assertEquals("client_certificate.secret_arn", refused.json().get("errors").get(0).get("field").asText());
    }

    @Test
    void unusableCertificatesAre422NamingTheField(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "mtls-bad");
        TestPki.Issued a = clients.client("a");
        TestPki.Issued b = clients.client("b");
        TestPki.Issued old = clients.expiredClient("old");
        String url = receiver.url("/");
        String[][] cases = {
                {JSON.createObjectNode().put("certificate", a.certificatePem()).put("private_key", b.privateKeyPem()).toString(),
                        "client_certificate.private_key"},
                {certificateJson(old), "client_certificate.certificate"},
                {"{\"certificate\":\"-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\",\"private_key\":"
                        + JSON.writeValueAsString(a.privateKeyPem()) + "}", "client_certificate.certificate"},
                {"{\"certificate\":" + JSON.writeValueAsString(a.certificatePem()) + "}", "client_certificate.private_key"},
                {"{\"certificate\":" + JSON.writeValueAsString(a.certificatePem()) + ",\"private_key\":"
                        + JSON.writeValueAsString(a.privateKeyPem()) + ",\"secret_arn\":\"arn:aws:secretsmanager:us-east-1:000000000000:secret:hookline/endpoints/x\"}",
                        "client_certificate"}};
        for (String[] c : cases) {
            Http.Response r = p.http().post("/v1/endpoints", t.key(), "{\"url\":\"" + url + "\",\"client_certificate\":" + c[0] + "}");
            assertEquals(422, r.status(), r.body());
            assertEquals(c[1], r.json().get("errors").get(0).get("field").asText(), r.body());
            assertFalse(r.body().contains(keyMaterial(a)) || r.body().contains(keyMaterial(b)), "no key in a refusal");
        }
        assertEquals(0, t.get("/v1/endpoints").json().get("data").size(), "nothing was created");
    }
}
