package dev.hookline.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.inbound.source.SourceJson;
import dev.hookline.core.inbound.verify.InboundRequest;
import dev.hookline.core.inbound.verify.SchemeConfig;
import dev.hookline.core.inbound.verify.SchemeFactory;
import dev.hookline.core.inbound.verify.Verification;
import dev.hookline.core.inbound.verify.VerificationScheme;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every verification scheme against any request a sender can make up: method, URL, headers (the names each scheme
 * reads, with fuzzed values) and body. Verifying answers verified or a failure code, and never throws; nothing the
 * fuzzer invents verifies (it does not know the secrets).
 */
class VerificationFuzzTest {
    private static final String SECRET = "fuzz-secret-0123456789abcdef";
    private static final String WHSEC = "whsec_" + java.util.Base64.getEncoder().encodeToString(SECRET.getBytes());
    private static final List<String> CONFIGS = List.of(
            "{\"scheme\":\"standard-webhooks\",\"secrets\":[\"" + WHSEC + "\"]}",
            "{\"scheme\":\"stripe\",\"secrets\":[\"" + SECRET + "\"]}",
            "{\"scheme\":\"github\",\"secrets\":[\"" + SECRET + "\"]}",
            "{\"scheme\":\"shopify\",\"secrets\":[\"" + SECRET + "\"]}",
            "{\"scheme\":\"slack\",\"secrets\":[\"" + SECRET + "\"]}",
            "{\"scheme\":\"twilio\",\"secrets\":[\"" + SECRET + "\"]}",
            "{\"scheme\":\"hmac\",\"secrets\":[\"" + SECRET + "\"],\"algorithm\":\"SHA-256\",\"header\":\"X-Signature\","
                    + "\"prefix\":\"sha256=\",\"encoding\":\"hex\",\"template\":\"{id}.{timestamp}.{body}\","
                    + "\"timestamp_header\":\"X-Timestamp\",\"id_header\":\"X-Id\"}",
            "{\"scheme\":\"hmac\",\"secrets\":[\"" + SECRET + "\"],\"algorithm\":\"SHA-1\",\"header\":\"X-Sig\","
                    + "\"encoding\":\"base64\",\"template\":\"{url}{body}\"}",
            "{\"scheme\":\"bearer\",\"tokens\":[\"" + SECRET + "\"]}",
            "{\"scheme\":\"jwt\",\"hmac_secrets\":[\"" + SECRET + SECRET + "\"],\"algorithms\":[\"HS256\"]}",
            "{\"scheme\":\"none\"}");
    /** Every header name a scheme reads, so the fuzzer reaches past "header missing". */
    private static final List<String> HEADERS = List.of("webhook-id", "webhook-timestamp", "webhook-signature",
            "Stripe-Signature", "X-Hub-Signature-256", "X-GitHub-Delivery", "X-Shopify-Hmac-Sha256",
            "X-Slack-Request-Timestamp", "X-Slack-Signature", "X-Twilio-Signature", "Content-Type", "X-Signature",
            "X-Timestamp", "X-Id", "X-Sig", "Authorization");
    private static final List<VerificationScheme> SCHEMES = CONFIGS.stream().map(VerificationFuzzTest::scheme).toList();

    private static VerificationScheme scheme(String json) {
        try {
            JsonNode node = SourceJson.MAPPER.readTree(json);
            return SchemeFactory.withoutJwks().create(SourceJson.MAPPER.treeToValue(node, SchemeConfig.class));
        } catch (Exception e) {
            throw new IllegalStateException(json, e);
        }
    }

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void verify(FuzzedDataProvider data) {
        int which = data.consumeInt(0, SCHEMES.size() - 1);
        Map<String, String> headers = new LinkedHashMap<>();
        int n = data.consumeInt(0, 6);
        for (int i = 0; i < n; i++) {
            String name = data.consumeBoolean() ? HEADERS.get(data.consumeInt(0, HEADERS.size() - 1))
                    : data.consumeString(20);
            headers.put(name, data.consumeString(200));
        }
        String method = data.pickValue(new String[]{"POST", "GET", "PUT", ""});
        String url = data.consumeBoolean() ? "https://in.hookline.dev/in/tok?x=" + data.consumeString(40)
                : data.consumeString(80);
        long now = data.consumeLong(0, 4_000_000_000L);
        byte[] body = data.consumeRemainingAsBytes();
        InboundRequest request;
        try {
            request = InboundRequest.of(method, url, headers, body, "203.0.113.7");
        } catch (IllegalArgumentException notARequest) {
            return; // the gateway never hands Hookline such a request (e.g. an empty method)
        }
        VerificationScheme scheme = SCHEMES.get(which);
        Verification result = scheme.verify(request, Instant.ofEpochSecond(now));
        if (result == null) {
            throw new AssertionError(CONFIGS.get(which) + " answered null");
        }
        boolean none = CONFIGS.get(which).contains("\"none\"");
        if (result.verified() != none) {
            throw new AssertionError(CONFIGS.get(which) + " answered verified=" + result.verified() + " to " + headers);
        }
        if (!result.verified() && (result.code() == null || result.code().isBlank())) {
            throw new AssertionError(CONFIGS.get(which) + " refused without a code");
        }
    }
}
