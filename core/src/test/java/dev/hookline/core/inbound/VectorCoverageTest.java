package dev.hookline.core.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every shared vendor vector must be exercised by an inbound test; a vector added to the file without a test here
 * fails this check instead of being silently ignored.
 */
class VectorCoverageTest {

    /** Vector id and the test that checks it. */
    private static final Set<String> COVERED = Set.of(
            "github-docs", "github-octokit",                  // GithubSchemeTest, VendorPresetVectorsTest
            "slack-docs",                                                         // SlackSchemeTest
            "twilio-form", "twilio-json-bodysha256", "twilio-port-variants",      // TwilioSchemeTest
            "stdwebhooks-v1", "stdwebhooks-v1a",                                  // StandardWebhooksSchemeTest
            "square", "square-escaped", "pagerduty",          // VendorPresetVectorsTest, HmacSchemeTest
            "zoom-crc",                                                           // HandshakesTest
            "stripe-derived",                                                     // StripeSchemeTest
            "shopify-derived");                                                   // ShopifySchemeTest

    @Test
    void everyVectorHasATest() {
        assertEquals(new TreeSet<>(COVERED), new TreeSet<>(InboundVectors.ids()));
    }
}
