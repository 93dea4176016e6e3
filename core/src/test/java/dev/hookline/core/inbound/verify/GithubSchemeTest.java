package dev.hookline.core.inbound.verify;

import static dev.hookline.core.inbound.verify.Requests.at;
import static dev.hookline.core.inbound.verify.Requests.headers;
import static dev.hookline.core.inbound.verify.Requests.post;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.inbound.InboundVectors;
import dev.hookline.core.inbound.verify.Verification.Reason;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class GithubSchemeTest {

    private static final Instant NOW = at(1_700_000_000L);

    @ParameterizedTest
    @ValueSource(strings = {"github-docs", "github-octokit"})
    void acceptsTheVendorVectors(String id) {
        JsonNode v = InboundVectors.entry(id);
        var scheme = Vendors.scheme(VendorPresets.GITHUB, List.of(v.path("secret").asText()));
        Expect.verified(scheme.verify(post(InboundVectors.headers(v), v.path("body").asText()), NOW));
    }

    @Test
    void headerNameIsCaseInsensitive() {
        JsonNode v = InboundVectors.entry("github-docs");
        String sig = InboundVectors.headers(v).get("X-Hub-Signature-256");
        var scheme = Vendors.scheme(VendorPresets.GITHUB, List.of(v.path("secret").asText()));
        Expect.verified(scheme.verify(post(headers("x-hub-signature-256", sig), "Hello, World!"), NOW));
    }

    @Test
    void tamperedBodyIsABadSignature() {
        JsonNode v = InboundVectors.entry("github-docs");
        var scheme = Vendors.scheme(VendorPresets.GITHUB, List.of(v.path("secret").asText()));
        Expect.reason(Reason.BAD_SIGNATURE, scheme.verify(post(InboundVectors.headers(v), "Hello, World?"), NOW));
    }

    @Test
    void wrongSecretIsABadSignature() {
        JsonNode v = InboundVectors.entry("github-docs");
        var scheme = Vendors.scheme(VendorPresets.GITHUB, List.of("not the secret"));
        Expect.reason(Reason.BAD_SIGNATURE, scheme.verify(post(InboundVectors.headers(v), "Hello, World!"), NOW));
    }

    @Test
    void missingHeader() {
        var scheme = Vendors.scheme(VendorPresets.GITHUB, List.of("s"));
        Expect.reason(Reason.MISSING_HEADER, scheme.verify(post(Map.of(), "Hello, World!"), NOW));
        // The deprecated SHA-1 header alone is not enough.
        Expect.reason(Reason.MISSING_HEADER,
                scheme.verify(post(headers("X-Hub-Signature", "sha1=00"), "Hello, World!"), NOW));
    }

    @Test
    void signatureWithoutPrefixIsRejected() {
        JsonNode v = InboundVectors.entry("github-docs");
        String hex = InboundVectors.headers(v).get("X-Hub-Signature-256").substring("sha256=".length());
        var scheme = Vendors.scheme(VendorPresets.GITHUB, List.of(v.path("secret").asText()));
        Expect.reason(Reason.BAD_SIGNATURE,
                scheme.verify(post(headers("X-Hub-Signature-256", hex), "Hello, World!"), NOW));
    }

    @Test
    void secondOfTwoSecretsVerifies() {
        JsonNode v = InboundVectors.entry("github-docs");
        var scheme = Vendors.scheme(VendorPresets.GITHUB, List.of("old secret", v.path("secret").asText()));
        Expect.verified(scheme.verify(post(InboundVectors.headers(v), "Hello, World!"), NOW));
    }
}
