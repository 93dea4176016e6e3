package dev.hookline.core.inbound.verify;

import static dev.hookline.core.inbound.verify.Requests.at;
import static dev.hookline.core.inbound.verify.Requests.headers;
import static dev.hookline.core.inbound.verify.Requests.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.hookline.core.inbound.InboundVectors;
import dev.hookline.core.problem.Problem.FieldError;
import dev.hookline.core.problem.ProblemException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SchemeFactoryTest {

    private static final SchemeFactory FACTORY = SchemeFactory.withoutJwks();
    private static final ObjectMapper API_JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private static Set<String> fields(SchemeConfig config) {
        return config.validate().stream().map(FieldError::field).collect(Collectors.toSet());
    }

    @Test
    void buildsEachVendorSchemeFromConfigAndVerifiesItsVector() {
        JsonNode gh = InboundVectors.entry("github-docs");
        Expect.verified(FACTORY.create(new VendorConfig(VendorPresets.GITHUB, List.of(gh.path("secret").asText()), null))
                .verify(post(InboundVectors.headers(gh), gh.path("body").asText()), Instant.EPOCH));
        JsonNode sh = InboundVectors.entry("shopify-derived");
        Expect.verified(FACTORY.create(new VendorConfig(VendorPresets.SHOPIFY, List.of(sh.path("secret").asText()), null))
                .verify(post(InboundVectors.headers(sh), sh.path("body").asText()), Instant.EPOCH));
        JsonNode st = InboundVectors.entry("stripe-derived");
        Expect.verified(FACTORY.create(new VendorConfig(VendorPresets.STRIPE, List.of(st.path("secret").asText()),
                        null))
                .verify(post(InboundVectors.headers(st), st.path("body").asText()), at(st.path("now").asLong())));
        JsonNode sl = InboundVectors.entry("slack-docs");
        Expect.verified(FACTORY.create(new VendorConfig(VendorPresets.SLACK, List.of(sl.path("secret").asText()),
                        60))
                .verify(post(InboundVectors.headers(sl), sl.path("body").asText()), at(sl.path("now").asLong())));
        JsonNode sw = InboundVectors.entry("stdwebhooks-v1a");
        Expect.verified(FACTORY.create(new StandardWebhooksConfig(null,
                        List.of(sw.path("public_key_derived_by_us").asText()), null))
                .verify(post(InboundVectors.headers(sw), sw.path("body").asText()), at(sw.path("now").asLong())));
        JsonNode tw = InboundVectors.entry("twilio-json-bodysha256");
        var twRequest = Requests.post(tw.path("url").asText(), Requests.with(InboundVectors.headers(tw),
                "Content-Type", "application/json"), tw.path("body").asText().getBytes());
        Expect.verified(FACTORY.create(new VendorConfig(VendorPresets.TWILIO, List.of(tw.path("secret").asText()), null))
                .verify(twRequest, Instant.EPOCH));
        assertEquals(SchemeType.NONE, FACTORY.create(new NoneConfig()).type());
    }

    @Test
    void genericHmacFromApiJson() throws Exception {
        JsonNode v = InboundVectors.entry("pagerduty");
        String json = """
                {"scheme":"hmac","secrets":[%s],"algorithm":"SHA-256","header":"X-PagerDuty-Signature",
                 "prefix":"v1=","encoding":"hex","tolerance_seconds":60}
                """.formatted(API_JSON.writeValueAsString(v.path("secret").asText()));
        SchemeConfig config = API_JSON.readValue(json, SchemeConfig.class);
        HmacConfig hmac = assertInstanceOf(HmacConfig.class, config);
        assertEquals(60, hmac.toleranceSeconds());
        assertEquals("{body}", hmac.template());
        Expect.verified(FACTORY.create(config).verify(Requests.post(Requests.URL, InboundVectors.headers(v),
                InboundVectors.sibling("pagerduty-body.json")), Instant.EPOCH));
    }

    @Test
    void everyConfigRoundTripsThroughApiJson() throws Exception {
        List<SchemeConfig> configs = List.of(
                new StandardWebhooksConfig(List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), List.of(), 300),
                new VendorConfig(VendorPresets.STRIPE, List.of("whsec_x"), 300),
                new VendorConfig(VendorPresets.GITHUB, List.of("s"), null),
                new VendorConfig(VendorPresets.SHOPIFY, List.of("s"), null),
                new VendorConfig(VendorPresets.SLACK, List.of("s"), 300),
                new VendorConfig(VendorPresets.TWILIO, List.of("t"), null),
                new HmacConfig(List.of("k"), "SHA-512", "X-Sig", "v1=", "base64", "{timestamp}.{body}", "X-Ts", null,
                        30),
                new BearerConfig(List.of("0123456789abcdef"), "X-Token"),
                new JwtConfig(null, null, null, "https://issuer.example/jwks", List.of("RS256"), "iss", "aud", 30),
                new NoneConfig());
        for (SchemeConfig config : configs) {
            String json = API_JSON.writeValueAsString(config);
            assertTrue(json.contains("\"scheme\":\"" + config.type().id() + "\""), json);
            assertEquals(config, API_JSON.readValue(json, SchemeConfig.class), json);
            assertEquals(List.of(), config.validate(), config.toString());
        }
        assertTrue(API_JSON.writeValueAsString(configs.get(6)).contains("\"timestamp_header\":\"X-Ts\""));
    }

    @Test
    void invalidConfigIsA422WithFieldErrors() {
        ProblemException e = assertThrows(ProblemException.class, () -> FACTORY.create(
                new HmacConfig(List.of("k"), "MD5", "X-Sig", null, "hex", "{timestamp}", null, null, 0)));
        assertEquals(422, e.problem().status());
        Set<String> fields = e.problem().errors().stream().map(FieldError::field).collect(Collectors.toSet());
        assertEquals(Set.of("algorithm", "template", "timestamp_header", "tolerance_seconds"), fields);
    }

    @Test
    void hmacValidation() {
        assertEquals(Set.of("secrets"),
                fields(new HmacConfig(null, null, "X-Sig", null, null, null, null, null, null)));
        assertEquals(Set.of("header"), fields(new HmacConfig(List.of("k"), null, null, null, null, null, null, null,
                null)));
        assertEquals(Set.of("header"), fields(new HmacConfig(List.of("k"), null, "Bad Header:", null, null, null, null,
                null, null)));
        assertEquals(Set.of("encoding"), fields(new HmacConfig(List.of("k"), null, "X", null, "base32", null, null,
                null, null)));
        assertEquals(Set.of("prefix"), fields(new HmacConfig(List.of("k"), null, "X", "v1,", null, null, null, null,
                null)));
        assertEquals(Set.of("tolerance_seconds"), fields(new HmacConfig(List.of("k"), null, "X", null, null, null,
                null, null, 3601)));
        assertEquals(Set.of("template"), fields(new HmacConfig(List.of("k"), null, "X", null, null, "{bdy}", null,
                null, null)));
        assertEquals(Set.of("template"), fields(new HmacConfig(List.of("k"), null, "X", null, null, "{url}", null,
                null, null)));
        // An unsigned timestamp header would be a freshness check anyone could defeat.
        assertEquals(Set.of("timestamp_header"), fields(new HmacConfig(List.of("k"), null, "X", null, null, null,
                "X-Ts", null, null)));
        assertEquals(Set.of("id_header"), fields(new HmacConfig(List.of("k"), null, "X", null, null, "{id}{body}",
                null, null, null)));
        assertEquals(Set.of("secrets[1]"), fields(new HmacConfig(List.of("k", " "), null, "X", null, null, null,
                null, null, null)));
        assertEquals(Set.of("secrets"), fields(new HmacConfig(List.of("1", "2", "3", "4", "5", "6"), null, "X", null,
                null, null, null, null, null)));
        assertEquals(List.of(), new HmacConfig(List.of("k"), "sha1", "X", null, "BASE64", null, null, null, 1)
                .validate());
    }

    @Test
    void vendorValidation() {
        assertEquals(Set.of("secrets"), fields(new VendorConfig(VendorPresets.GITHUB, List.of(), null)));
        assertEquals(Set.of("secrets", "tolerance_seconds"), fields(new VendorConfig(VendorPresets.STRIPE, null, 0)));
        assertEquals(Set.of("tolerance_seconds"), fields(new VendorConfig(VendorPresets.SLACK, List.of("s"), 3601)));
        // A vendor that signs no time has no window to configure, and keys go in the vendor's own field.
        assertEquals(Set.of("tolerance_seconds"), fields(new VendorConfig(VendorPresets.GITHUB, List.of("s"), 60)));
        assertEquals(Set.of("public_keys"), fields(new VendorConfig("github", List.of("s"), List.of("k"), null)));
        assertEquals(Set.of("public_keys", "secrets"), fields(new VendorConfig("sendgrid", List.of("s"), null, null)));
        assertEquals(Set.of("public_keys[0]"), fields(new VendorConfig(VendorPresets.SENDGRID, List.of("AAAA"), null)));
        assertEquals(Set.of("secrets[0]"), fields(new StandardWebhooksConfig(List.of("whsec_c2hvcnQ="), null, null)));
        assertEquals(Set.of("public_keys[0]"), fields(new StandardWebhooksConfig(null, List.of("whpk_AAAA"), null)));
        assertEquals(Set.of("secrets"), fields(new StandardWebhooksConfig(null, null, null)));
        assertEquals(Set.of("tokens[0]"), fields(new BearerConfig(List.of("short"), null)));
        assertEquals(Set.of("tokens"), fields(new BearerConfig(List.of("0123456789abcdef", "0123456789abcdeg",
                "0123456789abcdeh"), null)));
    }

    @Test
    void jwtValidation() throws Exception {
        String secret = "0123456789abcdef0123456789abcdef";
        assertEquals(Set.of("jwks_url"), fields(new JwtConfig(null, null, null, null, null, null, null, null)));
        assertEquals(Set.of("jwks_url"), fields(new JwtConfig(null, List.of(secret), null, "https://x/jwks", null,
                null, null, null)));
        assertEquals(Set.of("jwks_url"), fields(new JwtConfig(null, null, null, "ftp://x/jwks", null, null, null,
                null)));
        assertEquals(Set.of("hmac_secrets[0]"), fields(new JwtConfig(null, List.of("short"), null, null, null, null,
                null, null)));
        assertEquals(Set.of("algorithms[0]"), fields(new JwtConfig(null, null, null, "https://x/jwks",
                List.of("none"), null, null, null)));
        // Algorithm confusion is refused at configuration time too.
        assertEquals(Set.of("algorithms[1]"), fields(new JwtConfig(null, null, null, "https://x/jwks",
                List.of("RS256", "HS256"), null, null, null)));
        assertEquals(Set.of("algorithms[0]"), fields(new JwtConfig(null, List.of(secret), null, null,
                List.of("RS256"), null, null, null)));
        assertEquals(Set.of("algorithms[0]"), fields(new JwtConfig(null, null, null, "https://x/jwks",
                List.of("XYZ"), null, null, null)));
        assertEquals(Set.of("clock_skew_seconds", "issuer"), fields(new JwtConfig(null, null, null,
                "https://x/jwks", null, " ", null, 301)));
        assertEquals(Set.of("public_keys[0]"), fields(new JwtConfig(null, null, List.of("-----BEGIN PUBLIC KEY-----"),
                null, null, null, null, null)));
        RSAKey rsa = new RSAKeyGenerator(2048).generate();
        assertEquals(Set.of("public_keys[0]"), fields(new JwtConfig(null, null, List.of(rsa.toJSONString()), null,
                null, null, null, null)));
        assertEquals(List.of(), new JwtConfig(null, null, List.of(rsa.toPublicJWK().toJSONString()), null, null, null,
                null, null).validate());
    }

    @Test
    void jwtFromPemAndFromJwksUrl() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("k1").generate();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(rsa.toRSAPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        Instant now = Instant.ofEpochSecond(1_700_000_000L);
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("iss").audience("aud")
                .expirationTime(Date.from(now.plusSeconds(60))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), claims);
        jwt.sign(new RSASSASigner(rsa));
        var request = post(headers("Authorization", "Bearer " + jwt.serialize()), "{}");

        var fromPem = FACTORY.create(new JwtConfig(null, null, List.of(pem), null, null, "iss", "aud", null));
        Expect.verified(fromPem.verify(request, now));

        var jwks = new JwtSchemeTest.InMemoryJwks(new JWKSet(rsa.toPublicJWK()));
        var fromJwks = new SchemeFactory(jwks).create(new JwtConfig(null, null, null, "https://issuer.example/jwks",
                List.of("RS256"), "iss", "aud", null));
        Expect.verified(fromJwks.verify(request, now));
        assertEquals(List.of("https://issuer.example/jwks"), jwks.requested);

        // The offline factory builds the scheme but cannot fetch keys.
        var offline = FACTORY.create(new JwtConfig(null, null, null, "https://issuer.example/jwks", null, null, null,
                null));
        Expect.reason(Verification.Reason.KEY_UNAVAILABLE, offline.verify(request, now));
    }

    @Test
    void toStringNeverShowsSecrets() {
        List<SchemeConfig> configs = List.of(new VendorConfig(VendorPresets.STRIPE, List.of("whsec_TOPSECRET"), null),
                new VendorConfig(VendorPresets.GITHUB, List.of("TOPSECRET"), null),
                new VendorConfig(VendorPresets.SLACK, List.of("TOPSECRET"), null),
                new VendorConfig(VendorPresets.SHOPIFY, List.of("TOPSECRET"), null),
                new VendorConfig(VendorPresets.TWILIO, List.of("TOPSECRET"), null),
                new StandardWebhooksConfig(List.of("whsec_TOPSECRET"), null, null),
                new HmacConfig(List.of("TOPSECRET"), null, "X", null, null, null, null, null, null),
                new BearerConfig(List.of("TOPSECRET"), null),
                new JwtConfig(null, List.of("TOPSECRET"), null, null, null, null, null, null));
        for (SchemeConfig config : configs) {
            assertFalse(config.toString().contains("TOPSECRET"), config.toString());
            config.validate().forEach(e -> assertFalse(e.message().contains("TOPSECRET")));
        }
    }
}
