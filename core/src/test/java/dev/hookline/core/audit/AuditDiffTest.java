package dev.hookline.core.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditDiffTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JSON.readTree(text);
    }

    @Test
    void onlyChangedFieldsAppearWithBeforeAndAfter() throws Exception {
        List<AuditChange> changes = AuditDiff.between(
                json("{\"url\":\"https://a.test\",\"timeout_ms\":1000,\"description\":null,\"retry\":{\"max_attempts\":3}}"),
                json("{\"url\":\"https://b.test\",\"timeout_ms\":1000,\"retry\":{\"max_attempts\":5}}"));
        assertEquals(List.of("retry", "url"), changes.stream().map(AuditChange::field).toList(),
                "null and absent are the same; unchanged fields are left out");
        assertEquals("https://a.test", changes.get(1).before().asText());
        assertEquals("https://b.test", changes.get(1).after().asText());
        assertEquals(5, changes.get(0).after().get("max_attempts").asInt());
    }

    @Test
    void secretsAreComparedButNeverShown() throws Exception {
        ObjectNode before = json("{\"secret\":\"whsec_AAAA\",\"token\":\"t1\",\"private_key\":\"pk1\",\"client_certificate\":\"c1\","
                + "\"signing_key\":\"s1\",\"password\":\"p1\",\"headers\":{\"X-Api-Key\":\"k-123\",\"X-Team\":\"blue\"}}");
        ObjectNode after = json("{\"secret\":\"whsec_BBBB\",\"token\":\"t2\",\"private_key\":\"pk2\",\"client_certificate\":\"c2\","
                + "\"signing_key\":\"s2\",\"password\":\"p2\",\"headers\":{\"X-Api-Key\":\"k-456\",\"X-Team\":\"blue\"}}");
        List<AuditChange> changes = AuditDiff.between(before, after);
        assertEquals(7, changes.size(), "each changed secret shows as changed");
        String written = changes.toString() + JSON.writeValueAsString(changes);
        for (String secret : List.of("whsec_", "t1", "t2", "pk1", "pk2", "c1", "c2", "s1", "s2", "p1", "p2", "k-123", "k-456")) {
            assertFalse(written.contains(secret), secret + " leaked: " + written);
        }
        AuditChange headers = changes.stream().filter(c -> c.field().equals("headers")).findFirst().orElseThrow();
        assertEquals(AuditDiff.REDACTED, headers.after().get("X-Api-Key").asText());
        assertEquals(AuditDiff.REDACTED, headers.after().get("X-Team").asText(), "every header value: any may be a credential");
        assertTrue(headers.after().has("X-Team"), "header names stay visible");
    }

    @Test
    void creationAndDeletionHaveOneSideOnly() throws Exception {
        List<AuditChange> created = AuditDiff.between(null, json("{\"name\":\"ci\",\"api_key\":\"hk_x\"}"));
        assertEquals(2, created.size());
        assertNull(created.get(0).before());
        assertEquals(AuditDiff.REDACTED, created.get(0).after().asText(), "api_key");
        assertEquals("ci", created.get(1).after().asText());
        List<AuditChange> deleted = AuditDiff.between(json("{\"name\":\"ci\"}"), null);
        assertNull(deleted.getFirst().after());
    }

    @Test
    void idsAndSubjectsAreNotMistakenForSecrets() {
        for (String name : List.of("api_key_id", "target_id", "client_cert_subject", "url", "event_types", "max_body_bytes")) {
            assertFalse(AuditDiff.isSensitive(name), name);
        }
        for (String name : List.of("secret", "previous_secret", "api_key", "key", "public_key", "verification_secrets",
                "token", "client_certificate", "Authorization", "private-key")) {
            assertTrue(AuditDiff.isSensitive(name), name);
        }
    }
}
