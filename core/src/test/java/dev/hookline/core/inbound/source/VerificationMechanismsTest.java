package dev.hookline.core.inbound.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.core.crypto.MasterKeyRing;
import dev.hookline.core.crypto.SecretBox;
import dev.hookline.core.inbound.verify.BearerConfig;
import dev.hookline.core.inbound.verify.VendorConfig;
import dev.hookline.core.inbound.verify.SchemeConfig;
import dev.hookline.core.outbound.UrlGuard;
import dev.hookline.core.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A source may require several verification mechanisms at once; the single-scheme form keeps working. */
class VerificationMechanismsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecretBox BOX = new SecretBox(MasterKeyRing.fromMaterial("k1",
            Map.of("k1", "0123456789abcdef0123456789abcdef-material")), new SecureRandom());
    private static final VerificationSettings SETTINGS = new VerificationSettings(() -> BOX, "hookline/sources/",
            new UrlGuard(host -> List.of(InetAddress.getByName("93.184.216.34")), false, false));
    private static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:hookline/sources/gh-AbCdEf";

    private static Source saved(VerificationSettings.Checked checked) {
        Instant now = Instant.parse("2026-12-02T10:00:00Z");
        return new Source("src_1", "ten_1", "s", SourceMode.STREAM, SETTINGS.seal(checked.config(), "ten_1", "src_1"),
                checked.scheme(), checked.secretArn(), List.of(), 1024, null, null, null, false, null, "h", null, null,
                now, now, 1);
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void severalMechanismsAreSavedAndOpenedInOrder() throws Exception {
        VerificationSettings.Checked checked = SETTINGS.check(json("{\"all_of\":[{\"scheme\":\"github\",\"secrets\":[\"gh-secret\"]},"
                + "{\"scheme\":\"bearer\",\"tokens\":[\"tok-0123456789abcdef\"]}]}"));
        assertEquals("github+bearer", checked.scheme());
        assertEquals(List.of("github", "bearer"), VerificationSettings.schemes(checked.scheme()));
        List<SchemeConfig> opened = SETTINGS.openAll(saved(checked), arn -> { throw new AssertionError("no ARN"); });
        assertEquals(2, opened.size());
        assertEquals("github", assertInstanceOf(VendorConfig.class, opened.get(0)).scheme());
        assertInstanceOf(BearerConfig.class, opened.get(1));
    }

    @Test
    void theSingleSchemeFormIsUnchanged() throws Exception {
        VerificationSettings.Checked checked = SETTINGS.check(json("{\"scheme\":\"github\",\"secrets\":[\"gh-secret\"]}"));
        assertEquals("github", checked.scheme());
        List<SchemeConfig> opened = SETTINGS.openAll(saved(checked), arn -> null);
        assertEquals(1, opened.size());
        assertEquals("github", assertInstanceOf(VendorConfig.class, SETTINGS.open(saved(checked), arn -> null)).scheme());
    }

    @Test
    void oneMechanismMayTakeItsSecretsFromSecretsManager() throws Exception {
        VerificationSettings.Checked checked = SETTINGS.check(json("{\"all_of\":[{\"scheme\":\"bearer\",\"tokens\":[\"tok-0123456789abcdef\"]},"
                + "{\"scheme\":\"github\",\"secret_arn\":\"" + ARN + "\"}]}"));
        assertEquals(ARN, checked.secretArn());
        List<SchemeConfig> opened = SETTINGS.openAll(saved(checked), arn -> "[\"from-sm-1\",\"from-sm-2\"]");
        assertEquals(List.of("from-sm-1", "from-sm-2"), ((VendorConfig) opened.get(1)).secrets());
        assertEquals(List.of("tok-0123456789abcdef"), ((BearerConfig) opened.get(0)).tokens());
    }

    @Test
    void badCompositionsNameTheirField() throws Exception {
        assertEquals("verification.all_of", field("{\"all_of\":[{\"scheme\":\"github\",\"secrets\":[\"s\"]}]}"));
        assertEquals("verification.all_of", field("{\"all_of\":{}}"));
        assertEquals("verification", field("{\"all_of\":[{\"scheme\":\"none\"},{\"scheme\":\"none\"}],\"scheme\":\"none\"}"));
        assertEquals("verification.all_of[1].scheme", field("{\"all_of\":[{\"scheme\":\"github\",\"secrets\":[\"s\"]},{\"scheme\":\"none\"}]}"));
        assertEquals("verification.all_of[1].scheme", field("{\"all_of\":[{\"scheme\":\"github\",\"secrets\":[\"s\"]},{}]}"));
        assertEquals("verification.all_of[0].all_of", field("{\"all_of\":[{\"all_of\":[]},{\"scheme\":\"github\",\"secrets\":[\"s\"]}]}"));
        assertEquals("verification.all_of[1].secret_arn", field("{\"all_of\":[{\"scheme\":\"github\",\"secret_arn\":\"" + ARN
                + "\"},{\"scheme\":\"stripe\",\"secret_arn\":\"" + ARN + "\"}]}"));
        assertTrue(field("{\"all_of\":[{\"scheme\":\"github\",\"secrets\":[\"s\"]},{\"scheme\":\"hmac\",\"secrets\":[\"s\"],"
                + "\"algorithm\":\"MD5\"}]}").startsWith("verification.all_of[1]."));
    }

    @Test
    void aGenericMechanismsOwnHeaderCountsAsACredential() throws Exception {
        Set<String> names = VerificationSettings.credentialHeaders(json("{\"all_of\":[{\"scheme\":\"hmac\",\"header\":\"X-Check\","
                + "\"timestamp_header\":\"X-Time\"},{\"scheme\":\"bearer\",\"header\":\"X-Key\"}]}"));
        assertEquals(Set.of("x-check", "x-key"), names);
    }

    private static String field(String verification) throws Exception {
        ProblemException e = assertThrows(ProblemException.class, () -> SETTINGS.check(json(verification)));
        return e.problem().errors().getFirst().field();
    }
}
