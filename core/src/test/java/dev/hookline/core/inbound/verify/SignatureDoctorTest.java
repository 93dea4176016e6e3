package dev.hookline.core.inbound.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.inbound.InboundVectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The signature doctor, table-driven: known-good requests (the shared vendor vectors, or signed here with the JDK's
 * HMAC from each vendor's documented algorithm, independently of the code under test), each broken one way, and the
 * diagnosis each must get. A confirmed finding means the doctor made the request verify by undoing that one change.
 */
class SignatureDoctorTest {
    private static final JsonNode SW = InboundVectors.entry("stdwebhooks-v1");
    private static final String SW_SECRET = SW.path("secret").asText();
    private static final String SW_BODY = SW.path("body").asText();
    private static final long SW_NOW = SW.path("now").asLong();
    private static final JsonNode STRIPE = InboundVectors.entry("stripe-derived");
    private static final JsonNode GITHUB = InboundVectors.entry("github-octokit");
    private static final JsonNode SLACK = InboundVectors.entry("slack-docs");
    private static final JsonNode SHOPIFY = InboundVectors.entry("shopify-derived");

    /** One row: settings, the request as captured, when it is checked, and the expected diagnosis. */
    record Row(String name, SchemeConfig config, Map<String, String> headers, byte[] body, long now, String code,
               boolean confirmed, String mentions) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> rows() {
        List<Row> rows = new ArrayList<>();
        SchemeConfig sw = new StandardWebhooksConfig(List.of(SW_SECRET), List.of(), null);
        Map<String, String> swHeaders = InboundVectors.headers(SW);
        String id = swHeaders.get("webhook-id");
        String ts = swHeaders.get("webhook-timestamp");
        rows.add(new Row("standard-webhooks: the vector as sent", sw, swHeaders, utf8(SW_BODY), SW_NOW, null, true, null));
        rows.add(new Row("standard-webhooks: a trailing newline was added", sw, swHeaders, utf8(SW_BODY + "\n"), SW_NOW,
                "body_trailing_newline", true, "LF"));
        rows.add(new Row("standard-webhooks: JSON re-serialized without spaces", sw, swHeaders,
                utf8("{\"test\":2432232314}"), SW_NOW, "body_reserialized", true, "json.dumps"));
        rows.add(new Row("standard-webhooks: svix-timestamp mixed with webhook-*", sw,
                renamed(swHeaders, "webhook-timestamp", "svix-timestamp"), utf8(SW_BODY), SW_NOW, "mixed_header_names",
                true, "svix-timestamp"));
        rows.add(new Row("standard-webhooks: all three as svix-* (accepted)", sw,
                renamed(renamed(renamed(swHeaders, "webhook-timestamp", "svix-timestamp"), "webhook-id", "svix-id"),
                        "webhook-signature", "svix-signature"), utf8(SW_BODY), SW_NOW, null, true, null));
        rows.add(new Row("standard-webhooks: checked 30 minutes late", sw, swHeaders, utf8(SW_BODY), SW_NOW + 1800,
                "timestamp_skew", true, "1800 s (30 minutes) behind"));
        rows.add(new Row("standard-webhooks: sender clock 15 minutes ahead", sw, swHeaders, utf8(SW_BODY), SW_NOW - 900,
                "timestamp_skew", true, "900 s (15 minutes) ahead"));
        rows.add(new Row("standard-webhooks: header in milliseconds, signed over seconds", sw,
                with(swHeaders, "webhook-timestamp", ts + "123"), utf8(SW_BODY), SW_NOW, "timestamp_milliseconds", true,
                "signature was made over the seconds"));
        String msTs = ts + "123";
        rows.add(new Row("standard-webhooks: signed and sent in milliseconds", sw,
                with(swHeaders, "webhook-timestamp", msTs, "webhook-signature",
                        "v1," + b64(hmac(swKey(SW_SECRET), id + "." + msTs + "." + SW_BODY))),
                utf8(SW_BODY), SW_NOW, "timestamp_milliseconds", true, "signed the milliseconds"));
        rows.add(new Row("standard-webhooks: the secret's text used as the key", sw,
                with(swHeaders, "webhook-signature", "v1," + b64(hmac(utf8(SW_SECRET), id + "." + ts + "." + SW_BODY))),
                utf8(SW_BODY), SW_NOW, "secret_as_text", true, "text"));
        String password = "correct horse battery staple";
        rows.add(new Row("standard-webhooks: raw text where a whsec_ base64 secret was meant",
                new StandardWebhooksConfig(List.of(password), List.of(), null),
                with(swHeaders, "webhook-signature", "v1," + b64(hmac(utf8(password), id + "." + ts + "." + SW_BODY))),
                utf8(SW_BODY), SW_NOW, "secret_not_base64", true, "whsec_"));
        rows.add(new Row("standard-webhooks: hex signature where base64 is expected", sw,
                with(swHeaders, "webhook-signature", "v1," + hex(hmac(swKey(SW_SECRET), id + "." + ts + "." + SW_BODY))),
                utf8(SW_BODY), SW_NOW, "signature_encoding", true, "hex"));
        rows.add(new Row("standard-webhooks: a Stripe-style t=,v1= value in webhook-signature", sw,
                with(swHeaders, "webhook-signature", "t=" + ts + ",v1=" + hex(hmac(utf8(SW_SECRET), ts + "." + SW_BODY))),
                utf8(SW_BODY), SW_NOW, "signature_format", true, "Stripe-style"));
        rows.add(new Row("standard-webhooks: a GitHub signature header instead", sw,
                headers("X-Hub-Signature-256", "sha256=" + hex(hmac(utf8(SW_SECRET), SW_BODY))), utf8(SW_BODY), SW_NOW,
                "other_scheme", true, "github"));
        String signedBody = "{\"id\":\"msg_original\",\"type\":\"invoice.paid\"}";
        rows.add(new Row("standard-webhooks: webhook-id changed after signing", sw,
                headers("webhook-id", "msg_rewritten", "webhook-timestamp", ts, "webhook-signature",
                        "v1," + b64(hmac(swKey(SW_SECRET), "msg_original." + ts + "." + signedBody))),
                utf8(signedBody), SW_NOW, "message_id_changed", true, "msg_original"));
        String sortedBody = "{\"amount\":1,\"currency\":\"EUR\",\"zone\":\"eu\"}";
        rows.add(new Row("standard-webhooks: keys reordered (the sender signed them sorted)", sw,
                with(swHeaders, "webhook-signature", "v1," + b64(hmac(swKey(SW_SECRET), id + "." + ts + "." + sortedBody))),
                utf8("{\"zone\":\"eu\",\"amount\":1,\"currency\":\"EUR\"}"), SW_NOW, "body_key_order", true, "keys sorted"));
        byte[] latin1 = "{\"name\":\"José\"}".getBytes(StandardCharsets.ISO_8859_1);
        rows.add(new Row("standard-webhooks: signed as Latin-1, received as UTF-8", sw,
                with(swHeaders, "webhook-signature", "v1," + b64(hmac(swKey(SW_SECRET), concat(utf8(id + "." + ts + "."), latin1)))),
                utf8("{\"name\":\"José\"}"), SW_NOW, "body_charset", true, "ISO-8859-1"));
        rows.add(new Row("standard-webhooks: another secret altogether", new StandardWebhooksConfig(
                List.of("whsec_" + b64(new byte[32])), List.of(), null), swHeaders, utf8(SW_BODY), SW_NOW,
                "signature_mismatch", false, "current one"));

        SchemeConfig stripe = vendor(VendorPresets.STRIPE, List.of(STRIPE.path("secret").asText()));
        Map<String, String> stripeHeaders = InboundVectors.headers(STRIPE);
        String stripeBody = STRIPE.path("body").asText();
        long stripeNow = STRIPE.path("now").asLong();
        rows.add(new Row("stripe: the vector as sent", stripe, stripeHeaders, utf8(stripeBody), stripeNow, null, true, null));
        rows.add(new Row("stripe: the secret without its whsec_ prefix",
                vendor(VendorPresets.STRIPE, List.of(STRIPE.path("secret").asText().substring(6))), stripeHeaders,
                utf8(stripeBody), stripeNow, "secret_prefix", true, "whsec_"));
        rows.add(new Row("stripe: checked an hour late", stripe, stripeHeaders, utf8(stripeBody), stripeNow + 3600,
                "timestamp_skew", true, "3600 s (60 minutes) behind"));
        String stripeSig = stripeHeaders.get("Stripe-Signature");
        String stripeHex = stripeSig.substring(stripeSig.indexOf("v1=") + 3);
        rows.add(new Row("stripe: base64 signature where hex is expected", stripe,
                headers("Stripe-Signature", "t=12345,v1=" + b64(HexFormat.of().parseHex(stripeHex))), utf8(stripeBody),
                stripeNow, "signature_encoding", true, "base64"));
        rows.add(new Row("stripe: pretty JSON re-serialized compact", stripe, stripeHeaders,
                utf8("{\"id\":\"evt_test_webhook\",\"object\":\"event\"}"), stripeNow, "body_reserialized", true,
                "2-space indentation"));

        SchemeConfig github = vendor(VendorPresets.GITHUB, List.of(GITHUB.path("secret").asText()));
        Map<String, String> githubHeaders = InboundVectors.headers(GITHUB);
        String githubBody = GITHUB.path("body").asText();
        String githubSig = githubHeaders.get("X-Hub-Signature-256");
        rows.add(new Row("github: the vector as sent", github, githubHeaders, utf8(githubBody), SW_NOW, null, true, null));
        rows.add(new Row("github: the trailing newline was dropped", github, githubHeaders,
                utf8(githubBody.stripTrailing()), SW_NOW, "body_trailing_newline", true, "missing here"));
        rows.add(new Row("github: no signature header", github, headers("X-GitHub-Event", "push"), utf8(githubBody),
                SW_NOW, "missing_header", false, "X-Hub-Signature-256"));
        rows.add(new Row("github: base64 signature where hex is expected", github,
                headers("X-Hub-Signature-256", "sha256=" + b64(HexFormat.of().parseHex(githubSig.substring(7)))),
                utf8(githubBody), SW_NOW, "signature_encoding", true, "base64"));
        rows.add(new Row("github: the sha256= prefix is missing", github,
                headers("X-Hub-Signature-256", githubSig.substring(7)), utf8(githubBody), SW_NOW, "signature_format",
                true, "sha256="));
        byte[] rawKey = utf8("binary-ish key material 123");
        rows.add(new Row("github: the sender keys with the secret's base64-decoded bytes", vendor(VendorPresets.GITHUB, List.of(b64(rawKey))),
                headers("X-Hub-Signature-256", "sha256=" + hex(hmac(rawKey, githubBody))), utf8(githubBody), SW_NOW,
                "secret_decoded", true, "decodes to"));
        rows.add(new Row("github: a Standard Webhooks request sent to a GitHub source",
                vendor(VendorPresets.GITHUB, List.of(SW_SECRET)), swHeaders, utf8(SW_BODY), SW_NOW, "other_scheme", true,
                "standard-webhooks"));

        SchemeConfig slack = vendor(VendorPresets.SLACK, List.of(SLACK.path("secret").asText()));
        rows.add(new Row("slack: checked 10 minutes late", slack, InboundVectors.headers(SLACK),
                utf8(SLACK.path("body").asText()), SLACK.path("now").asLong() + 600, "timestamp_skew", true, "behind"));
        SchemeConfig shopify = vendor(VendorPresets.SHOPIFY, List.of(SHOPIFY.path("secret").asText()));
        String shopifySig = InboundVectors.headers(SHOPIFY).get("X-Shopify-Hmac-Sha256");
        rows.add(new Row("shopify: hex signature where base64 is expected", shopify,
                headers("X-Shopify-Hmac-Sha256", hex(Base64.getDecoder().decode(shopifySig))),
                utf8(SHOPIFY.path("body").asText()), SW_NOW, "signature_encoding", true, "hex"));
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachBrokenRequestGetsItsDiagnosis(Row row) {
        InboundRequest request = InboundRequest.of("POST", "https://hooks.example.com/in/abc", row.headers(), row.body(),
                "203.0.113.9");
        Diagnosis d = SignatureDoctor.offline().diagnose(row.config(), request, Instant.ofEpochSecond(row.now()));
        if (row.code() == null) {
            assertTrue(d.verified(), d.toString());
            assertTrue(d.findings().isEmpty(), d.toString());
            return;
        }
        assertFalse(d.verified(), d.toString());
        Diagnosis.Finding finding = d.findings().stream().filter(f -> f.code().equals(row.code())).findFirst()
                .orElseThrow(() -> new AssertionError("expected " + row.code() + " in " + d.codes() + ": " + d));
        assertEquals(row.confirmed(), finding.confirmed(), finding.toString());
        assertTrue(finding.message().contains(row.mentions()) || finding.fix().contains(row.mentions()),
                "'" + row.mentions() + "' in " + finding);
        assertFalse(finding.fix().isBlank(), "every finding says how to fix it");
        if (row.confirmed()) {
            assertEquals(row.code(), d.findings().stream().filter(Diagnosis.Finding::confirmed).findFirst()
                    .map(Diagnosis.Finding::code).orElseThrow(), "the confirmed cause comes first: " + d.codes());
        }
        for (String secret : DoctorConfigs.secrets(row.config())) {
            String core = secret.replaceFirst("^whsec_", "");
            for (Diagnosis.Finding f : d.findings()) {
                assertFalse(f.message().contains(core) || f.fix().contains(core), "a finding echoes the secret: " + f);
            }
        }
    }

    private static byte[] swKey(String secret) {
        return Base64.getDecoder().decode(secret.substring("whsec_".length()));
    }

    private static byte[] hmac(byte[] key, String content) {
        return hmac(key, utf8(content));
    }

    private static byte[] hmac(byte[] key, byte[] content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static SchemeConfig vendor(VendorPreset preset, List<String> secrets) {
        return new VendorConfig(preset, secrets, null);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static Map<String, String> headers(String... namesAndValues) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            out.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return out;
    }

    private static Map<String, String> with(Map<String, String> base, String... namesAndValues) {
        Map<String, String> out = new LinkedHashMap<>(base);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String name = namesAndValues[i];
            out.keySet().removeIf(k -> k.equalsIgnoreCase(name));
            out.put(name, namesAndValues[i + 1]);
        }
        return out;
    }

    private static Map<String, String> renamed(Map<String, String> base, String from, String to) {
        Map<String, String> out = new LinkedHashMap<>();
        base.forEach((k, v) -> out.put(k.equalsIgnoreCase(from) ? to : k, v));
        return out;
    }
}
