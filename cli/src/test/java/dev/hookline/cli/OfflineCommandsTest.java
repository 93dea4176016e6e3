package dev.hookline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * sign and verify need no API: sign must reproduce the vendors' known-answer vectors (shared/vectors) byte for byte,
 * and verify must pass them, and say why a broken copy fails.
 */
class OfflineCommandsTest {
    @TempDir
    Path home;

    private static JsonNode vector(String id) throws IOException {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            for (Path f : List.of(d.resolve("shared/vectors/vendor-signatures.json"), d.resolve("../shared/vectors/vendor-signatures.json"))) {
                if (Files.isRegularFile(f)) {
                    for (JsonNode v : new ObjectMapper().readTree(f.toFile())) {
                        if (v.path("id").asText().equals(id)) {
                            return v;
                        }
                    }
                }
            }
        }
        throw new IllegalStateException("no vector " + id);
    }

    @Test
    void signReproducesTheStandardWebhooksVector() throws IOException {
        JsonNode v = vector("stdwebhooks-v1");
        Run r = Run.of(home, null, "sign", "--secret", v.path("secret").asText(), "--data", v.path("body").asText(),
                "--id", v.path("headers").path("webhook-id").asText(), "--timestamp", v.path("headers").path("webhook-timestamp").asText());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("webhook-signature: " + v.path("headers").path("webhook-signature").asText()), r.out());
        assertTrue(r.out().contains("webhook-timestamp: 1614265330"), r.out());
    }

    @Test
    void signReproducesTheVendorVectors() throws IOException {
        JsonNode github = vector("github-docs");
        Run g = Run.of(home, null, "sign", "--scheme", "github", "--secret", github.path("secret").asText(), "--data",
                github.path("body").asText());
        assertTrue(g.out().contains("X-Hub-Signature-256: " + github.path("header").path("X-Hub-Signature-256").asText()), g.out());
        JsonNode stripe = vector("stripe-derived");
        Run s = Run.of(home, null, "sign", "--scheme", "stripe", "--secret", stripe.path("secret").asText(), "--data",
                stripe.path("body").asText(), "--timestamp", "12345");
        assertTrue(s.out().contains("Stripe-Signature: " + stripe.path("header").path("Stripe-Signature").asText()), s.out());
        JsonNode slack = vector("slack-docs");
        Run k = Run.of(home, null, "sign", "--scheme", "slack", "--secret", slack.path("secret").asText(), "--data",
                slack.path("body").asText(), "--timestamp", slack.path("timestamp").asText());
        assertTrue(k.out().contains("X-Slack-Signature: " + slack.path("header").path("X-Slack-Signature").asText()), k.out());
        JsonNode shopify = vector("shopify-derived");
        Run h = Run.of(home, null, "sign", "--scheme", "shopify", "--secret", shopify.path("secret").asText(), "--data",
                shopify.path("body").asText(), "--json");
        assertEquals(shopify.path("header").path("X-Shopify-Hmac-Sha256").asText(),
                new ObjectMapper().readTree(h.out()).path("X-Shopify-Hmac-Sha256").asText(), h.out());
    }

    @Test
    void signReadsDataFromAFileWithAnAtSignLikeTheApiCommands() throws IOException {
        JsonNode stripe = vector("stripe-derived");
        Files.writeString(home.resolve("event.json"), stripe.path("body").asText());
        Run s = Run.of(home, null, "sign", "--scheme", "stripe", "--secret", stripe.path("secret").asText(), "--data",
                "@event.json", "--timestamp", "12345");
        assertEquals(0, s.exit(), s.err());
        assertTrue(s.out().contains("Stripe-Signature: " + stripe.path("header").path("Stripe-Signature").asText()), s.out());
    }

    @Test
    void aKeyedVendorPresetSignsWhatItsVerifierAcceptsAndTheDoctorFindsAStrippedPrefix() throws IOException {
        // Paddle writes "ts=…;h1=…": the signer must follow the preset's keyed layout, separator included.
        Files.writeString(home.resolve("event.json"), "{\"event_id\":\"evt_1\",\"event_type\":\"transaction.paid\"}");
        String secret = "pdl_ntfset_01h8_secret";
        Run signed = Run.of(home, null, "sign", "--scheme", "paddle", "--secret", secret, "--data", "@event.json");
        assertEquals(0, signed.exit(), signed.err());
        assertTrue(signed.out().matches("(?s)Paddle-Signature: ts=\\d{10};h1=[0-9a-f]{64}\\s*"), signed.out());
        Files.writeString(home.resolve("paddle.headers"), signed.out());
        Run verified = Run.of(home, null, "verify", "--scheme", "paddle", "--secret", secret, "--headers",
                "paddle.headers", "--body", "event.json");
        assertEquals(0, verified.exit(), verified.out());
        assertTrue(verified.out().startsWith("VERIFIED"), verified.out());

        // Stripe signs with the whole whsec_ string; a receiver that dropped the prefix is told so, and it is proven.
        Run stripe = Run.of(home, null, "sign", "--scheme", "stripe", "--secret", "whsec_abc123def456", "--data",
                "@event.json");
        Files.writeString(home.resolve("stripe.headers"), stripe.out());
        Run doctor = Run.of(home, null, "verify", "--scheme", "stripe", "--secret", "abc123def456", "--headers",
                "stripe.headers", "--body", "event.json");
        assertEquals(1, doctor.exit(), doctor.out());
        assertTrue(doctor.out().contains("secret_prefix  [confirmed"), doctor.out());
    }

    @Test
    void verifyPassesTheVectorAndDiagnosesABrokenCopyFromARawRequestFile() throws IOException {
        JsonNode v = vector("stdwebhooks-v1");
        JsonNode h = v.path("headers");
        String head = "POST /hooks HTTP/1.1\r\nHost: localhost:8080\r\nContent-Type: application/json\r\n"
                + "webhook-id: " + h.path("webhook-id").asText() + "\r\nwebhook-timestamp: " + h.path("webhook-timestamp").asText()
                + "\r\nwebhook-signature: " + h.path("webhook-signature").asText() + "\r\n\r\n";
        Files.writeString(home.resolve("good.http"), head + v.path("body").asText());
        Files.writeString(home.resolve("broken.http"), head + v.path("body").asText() + "\n");
        Run good = Run.of(home, null, "verify", "--secret", v.path("secret").asText(), "--request", "good.http",
                "--at", v.path("now").asText());
        assertEquals(0, good.exit(), good.out() + good.err());
        assertTrue(good.out().startsWith("VERIFIED"), good.out());

        Run broken = Run.of(home, null, "verify", "--secret", v.path("secret").asText(), "--request", "broken.http",
                "--at", v.path("now").asText());
        assertEquals(1, broken.exit(), broken.out() + broken.err());
        assertTrue(broken.out().startsWith("NOT VERIFIED"), broken.out());
        assertTrue(broken.out().contains("body_trailing_newline  [confirmed"), broken.out());
        assertTrue(broken.out().contains("Fix: "), broken.out());

        Run json = Run.of(home, null, "verify", "--secret", v.path("secret").asText(), "--request", "-", "--at",
                v.path("now").asText(), "--json");
        assertEquals(2, json.exit(), "stdin was empty: no headers");
        Run piped = Run.of(home, Files.readString(home.resolve("broken.http")), "verify", "--secret",
                v.path("secret").asText(), "--request", "-", "--at", v.path("now").asText(), "--json");
        JsonNode diagnosis = new ObjectMapper().readTree(piped.out());
        assertEquals("body_trailing_newline", diagnosis.path("findings").get(0).path("code").asText(), piped.out());
    }
}
