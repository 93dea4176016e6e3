package dev.hookline.core.inbound.verify;

import static dev.hookline.core.inbound.verify.Requests.at;
import static dev.hookline.core.inbound.verify.Requests.post;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.core.inbound.verify.Verification.Reason;
import dev.hookline.core.signing.Ed25519SigningKey;
import dev.hookline.core.signing.SignatureLimits;
import dev.hookline.core.signing.SigningSecret;
import dev.hookline.core.signing.WebhookSigner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The work a hostile sender can make one request cost is bounded: an oversized signature header is refused unread,
 * and only as many candidates of a kind are evaluated as the configured keys could match (plus one). The position of
 * a genuine signature behind bogus ones shows the bound: within it, it verifies; behind it, it is never reached.
 */
class BoundedVerificationTest {

    private static final long NOW = 1_767_000_000L;
    private static final String ID = "msg_bounded";
    private static final String BODY = "{\"hello\":\"world\"}";
    private static final SigningSecret SECRET = SigningSecret.generate(new Random(1));
    private static final SigningSecret OLD_SECRET = SigningSecret.generate(new Random(2));
    private static final Ed25519SigningKey KEY = Ed25519SigningKey.generate(new Random(3));

    private static String v1(SigningSecret secret) {
        return WebhookSigner.v1(secret, ID, NOW, BODY.getBytes(StandardCharsets.UTF_8));
    }

    private static String v1a() {
        return WebhookSigner.v1a(KEY, ID, NOW, BODY.getBytes(StandardCharsets.UTF_8));
    }

    private static String bogusV1a(int n) {
        byte[] signature = new byte[64];
        new Random(n).nextBytes(signature);
        return "v1a," + Base64.getEncoder().encodeToString(signature);
    }

    private static Verification standard(String signatureHeader, List<SigningSecret> secrets, boolean withKey) {
        StandardWebhooksScheme scheme = new StandardWebhooksScheme(secrets,
                withKey ? List.of(KEY.publicKey()) : List.of(), null);
        return scheme.verify(post(Map.of("webhook-id", ID, "webhook-timestamp", Long.toString(NOW),
                "webhook-signature", signatureHeader), BODY), at(NOW));
    }

    private static String header(List<String> entries) {
        return String.join(" ", entries);
    }

    @Test
    void fourThousandV1aCandidatesAreRefusedUnread() {
        List<String> flood = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            flood.add(bogusV1a(i));
        }
        flood.add(v1a()); // even a genuine one at the end does not make the header worth reading

        Verification v = standard(header(flood), List.of(), true);

        Expect.reason(Reason.BAD_SIGNATURE, v);
        assertTrue(v.detail().contains("refused unread"), v.detail());
    }

    @Test
    void withOneKeyOnlyTwoV1aCandidatesAreEvaluated() {
        assertTrue(SignatureLimits.candidatesFor(1) == 2);
        Expect.verified(standard(header(List.of(bogusV1a(1), v1a())), List.of(), true));

        Verification beyond = standard(header(List.of(bogusV1a(1), bogusV1a(2), v1a())), List.of(), true);

        Expect.reason(Reason.BAD_SIGNATURE, beyond);
    }

    @Test
    void candidatesOfAKindWeHoldNoKeyForCostNothing() {
        // v1a entries cannot exhaust the v1 allowance, and are not evaluated without a public key.
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            entries.add(bogusV1a(i));
        }
        entries.add(v1(SECRET));

        Expect.verified(standard(header(entries), List.of(SECRET), false));
    }

    @Test
    void aSenderRotatingAheadOfUsStillVerifies() {
        // The sender signs with its old and new secret; we already hold only the new one.
        Expect.verified(standard(header(List.of(v1(OLD_SECRET), v1(SECRET))), List.of(SECRET), false));
        // During our own rotation we hold both.
        Expect.verified(standard(v1(OLD_SECRET), List.of(SECRET, OLD_SECRET), false));
    }

    @Test
    void aHeaderJustOverTheLimitIsRefusedAndOneJustUnderIsRead() {
        String genuine = v1(SECRET);
        String padding = "x".repeat(SignatureLimits.MAX_HEADER_CHARS - genuine.length() - 1);

        Expect.verified(standard(genuine + " " + padding, List.of(SECRET), false));
        Verification over = standard(genuine + " " + padding + "y", List.of(SECRET), false);

        Expect.reason(Reason.BAD_SIGNATURE, over);
        assertTrue(over.detail().contains("refused unread"), over.detail());
    }

    @Test
    void stripeEvaluatesOnlyAsManyV1CandidatesAsItsSecretsCouldMatch() {
        String secret = "whsec_stripe_bounded";
        String genuine = Requests.hmacHex(HmacAlgorithm.SHA256, secret, NOW + "." + BODY);
        String bogus = HexFormat.of().formatHex(new byte[32]);
        VerificationScheme scheme = Vendors.scheme(VendorPresets.STRIPE, List.of(secret));

        Expect.verified(scheme.verify(post(Map.of("Stripe-Signature",
                "t=" + NOW + ",v1=" + bogus + ",v1=" + genuine), BODY), at(NOW)));
        Expect.reason(Reason.BAD_SIGNATURE, scheme.verify(post(Map.of("Stripe-Signature",
                "t=" + NOW + ",v1=" + bogus + ",v1=" + bogus + ",v1=" + genuine), BODY), at(NOW)));
        Verification flood = scheme.verify(post(Map.of("Stripe-Signature",
                "t=" + NOW + (",v1=" + bogus).repeat(100) + ",v1=" + genuine), BODY), at(NOW));
        Expect.reason(Reason.BAD_SIGNATURE, flood);
        assertTrue(flood.detail().contains("refused unread"), flood.detail());
    }

    @Test
    void hmacSchemesRefuseOversizedHeadersAndCapCandidates() {
        String secret = "github-bounded";
        String genuine = "sha256=" + Requests.hmacHex(HmacAlgorithm.SHA256, secret, BODY);
        String bogus = "sha256=" + HexFormat.of().formatHex(new byte[32]);
        VerificationScheme github = Vendors.scheme(VendorPresets.GITHUB, List.of(secret));

        Expect.verified(github.verify(post(Map.of("X-Hub-Signature-256", genuine), BODY), at(NOW)));
        Expect.reason(Reason.BAD_SIGNATURE, github.verify(post(Map.of("X-Hub-Signature-256",
                bogus + "," + bogus + "," + genuine), BODY), at(NOW)));
        Verification flood = github.verify(post(Map.of("X-Hub-Signature-256",
                (bogus + ",").repeat(100) + genuine), BODY), at(NOW));
        assertTrue(flood.detail().contains("refused unread"), flood.detail());
    }

    @Test
    void twilioRefusesAnOversizedSignatureHeader() {
        VerificationScheme twilio = Vendors.scheme(VendorPresets.TWILIO, List.of("twilio-token"));

        Verification v = twilio.verify(post(Map.of("X-Twilio-Signature", "A".repeat(5_000)), BODY), at(NOW));

        Expect.reason(Reason.BAD_SIGNATURE, v);
        assertTrue(v.detail().contains("refused unread"), v.detail());
    }
}
