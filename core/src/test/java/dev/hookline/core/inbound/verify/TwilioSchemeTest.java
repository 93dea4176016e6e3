package dev.hookline.core.inbound.verify;

import static dev.hookline.core.inbound.verify.Requests.at;
import static dev.hookline.core.inbound.verify.Requests.headers;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.inbound.InboundVectors;
import dev.hookline.core.inbound.verify.Verification.Reason;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TwilioSchemeTest {

    private static final Instant NOW = at(1_700_000_000L);
    private static final JsonNode FORM = InboundVectors.entry("twilio-form");
    private static final JsonNode JSON = InboundVectors.entry("twilio-json-bodysha256");
    private static final String TOKEN = FORM.path("secret").asText();
    private static final VerificationScheme SCHEME = Vendors.scheme(VendorPresets.TWILIO, List.of(TOKEN));

    private static Map<String, String> params() {
        Map<String, String> out = new LinkedHashMap<>();
        FORM.path("params").properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static String formBody(Map<String, String> params) {
        StringJoiner body = new StringJoiner("&");
        params.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return body.toString();
    }

    private static InboundRequest form(String url, String signature, Map<String, String> params) {
        return Requests.post(url, headers("Content-Type", "application/x-www-form-urlencoded; charset=utf-8",
                "X-Twilio-Signature", signature), formBody(params).getBytes(StandardCharsets.UTF_8));
    }

    private static InboundRequest json(String url, String signature, String body) {
        return Requests.post(url, headers("Content-Type", "application/json",
                "X-Twilio-Signature", signature), body.getBytes(StandardCharsets.UTF_8));
    }

    private static String formSignature() {
        return InboundVectors.headers(FORM).get("X-Twilio-Signature");
    }

    @Test
    void acceptsTheFormVector() {
        Expect.verified(SCHEME.verify(form(FORM.path("url").asText(), formSignature(), params()), NOW));
    }

    @Test
    void signedStringMatchesTheVector() {
        var request = form(FORM.path("url").asText(), formSignature(), params());
        assertEquals(FORM.path("string_to_sign").asText(),
                FORM.path("url").asText() + SignatureScheme.sortedParams(request.formParams()));
    }

    @Test
    void acceptsTheJsonBodyHashVector() {
        String sig = InboundVectors.headers(JSON).get("X-Twilio-Signature");
        Expect.verified(SCHEME.verify(json(JSON.path("url").asText(), sig, JSON.path("body").asText()), NOW));
    }

    /** twilio-port-variants: the validator accepts the URL with and without the scheme's default port. */
    @ParameterizedTest
    @CsvSource({
            "https://mycompany.com/myapp.php?foo=1&bar=2, kvajT1Ptam85bY51eRf/AJRuM3w=",
            "https://mycompany.com:443/myapp.php?foo=1&bar=2, kvajT1Ptam85bY51eRf/AJRuM3w=",
            "https://mycompany.com:443/myapp.php?foo=1&bar=2, RSOYDt4T1cUTdK1PDd93/VVr8B8=",
            "http://mycompany.com/myapp.php?foo=1&bar=2, 0ZXoZLH/DfblKGATFgpif+LLRf4=",
            "http://mycompany.com:80/myapp.php?foo=1&bar=2, 0ZXoZLH/DfblKGATFgpif+LLRf4=",
            "http://mycompany.com:1234/myapp.php?foo=1&bar=2, Zmvh+3yNM1Phv2jhDCwEM3q5ebU="
    })
    void acceptsThePortVariants(String url, String signature) {
        assertEquals("twilio-port-variants", InboundVectors.entry("twilio-port-variants").path("id").asText());
        Expect.verified(SCHEME.verify(form(url, signature, params()), NOW));
    }

    @Test
    void nonDefaultPortIsNotDropped() {
        Expect.reason(Reason.BAD_SIGNATURE,
                SCHEME.verify(form("http://mycompany.com/myapp.php?foo=1&bar=2", "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=",
                        params()), NOW));
    }

    @Test
    void tamperedFormParameterIsABadSignature() {
        Map<String, String> p = params();
        p.put("Digits", "9999");
        Expect.reason(Reason.BAD_SIGNATURE, SCHEME.verify(form(FORM.path("url").asText(), formSignature(), p), NOW));
    }

    @Test
    void tamperedUrlIsABadSignature() {
        Expect.reason(Reason.BAD_SIGNATURE, SCHEME.verify(form(FORM.path("url").asText().replace("foo=1", "foo=2"),
                formSignature(), params()), NOW));
    }

    @Test
    void tamperedJsonBodyIsABadSignature() {
        String sig = InboundVectors.headers(JSON).get("X-Twilio-Signature");
        Expect.reason(Reason.BAD_SIGNATURE,
                SCHEME.verify(json(JSON.path("url").asText(), sig, "{\"property\": \"other\"}"), NOW));
    }

    @Test
    void jsonBodyWithoutBodyHashIsNotCovered() {
        String url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        String sig = Requests.hmacBase64(HmacAlgorithm.SHA1, TOKEN, url);
        Expect.reason(Reason.BAD_SIGNATURE, SCHEME.verify(json(url, sig, "{\"a\":1}"), NOW));
        Expect.verified(SCHEME.verify(json(url, sig, ""), NOW));
    }

    @Test
    void wrongTokenIsABadSignature() {
        Expect.reason(Reason.BAD_SIGNATURE, Vendors.scheme(VendorPresets.TWILIO, List.of("54321"))
                .verify(form(FORM.path("url").asText(), formSignature(), params()), NOW));
    }

    @Test
    void missingHeader() {
        var request = Requests.post(FORM.path("url").asText(),
                headers("Content-Type", "application/x-www-form-urlencoded"),
                formBody(params()).getBytes(StandardCharsets.UTF_8));
        Expect.reason(Reason.MISSING_HEADER, SCHEME.verify(request, NOW));
    }

    @Test
    void secondOfTwoTokensVerifies() {
        Expect.verified(Vendors.scheme(VendorPresets.TWILIO, List.of("old-token", TOKEN))
                .verify(form(FORM.path("url").asText(), formSignature(), params()), NOW));
    }

    @Test
    void repeatedParametersContributeEveryValueInOrder() {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("b", List.of("2", "1"));
        p.put("a", List.of("x"));
        assertEquals("axb1b2", SignatureScheme.sortedParams(p));
    }
}
