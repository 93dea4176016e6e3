package dev.hookline.local.console;

import dev.hookline.local.testing.Http;
import dev.hookline.local.testing.TestPlatform;
import dev.hookline.local.testing.Tenants;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import static dev.hookline.local.testing.Signers.hex;
import static dev.hookline.local.testing.Signers.hmac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sources in the console: a scheme's own fields, the ingest URL shown once, and a signed call becoming a run. */
class ConsoleSourcesIT extends ConsoleTestBase {
    private static final String SECRET = "It's a Secret to Everybody";

    @Test
    void createAGithubSourceAndASignedIngestAppearsAsARun(TestPlatform p) {
        Tenants t = new Tenants(p, "console-sources");
        browser.signIn(t.key());
        browser.click(By.linkText("Sources"));
        browser.click(By.id("new-source"));
        browser.type(By.id("source-name"), "github-exports");

        browser.choose(By.id("scheme"), "hmac");
        browser.waitFor(By.id("v-header"));
        browser.choose(By.id("scheme"), "github");
        browser.waitFor(By.id("v-secrets"));
        assertTrue(browser.driver().findElements(By.id("v-header")).isEmpty(), "only the chosen scheme's fields");
        assertTrue(browser.driver().findElements(By.id("v-tolerance_seconds")).isEmpty(), "GitHub signs no timestamp");
        browser.choose(By.id("scheme"), "bearer");
        browser.waitFor(By.id("v-tokens"));
        assertTrue(browser.driver().findElements(By.id("v-secrets")).isEmpty());
        browser.choose(By.id("scheme"), "github");

        browser.type(By.id("v-secrets"), SECRET);
        browser.type(By.id("trigger-pipeline"), "exports");
        browser.type(By.id("trigger-parameters"), "export_id = /export_id");
        browser.type(By.id("trigger-required"), "export_id");
        browser.click(By.id("create-source"));

        String ingestUrl = browser.waitText(By.id("ingest-url"), "/in/").getText().strip();
        browser.waitFor(By.xpath("//section[@aria-label='Ingest URL — shown once']//button[.='Copy']"));
        browser.waitText(By.id("runs"), "No runs yet");
        browser.screenshot("09-source-created");

        String body = "{\"export_id\":\"exp_42\",\"action\":\"completed\"}";
        Http.Response r = new Http(URI.create(ingestUrl)).send("POST", URI.create(ingestUrl).getRawPath(), null, body, Map.of(
                "X-Hub-Signature-256", "sha256=" + hex(hmac("HmacSHA256", SECRET, body)),
                "X-GitHub-Delivery", UUID.randomUUID().toString(), "X-GitHub-Event", "workflow_run"));
        assertEquals(202, r.status(), r.body());

        browser.waitText(rowWith("runs", "exp_42"), "queued");
        assertTrue(browser.text(rowWith("runs", "exp_42")).contains("exports"));
        browser.screenshot("09-signed-ingest-as-run");

        // A bad signature is refused and starts nothing.
        Http.Response forged = new Http(URI.create(ingestUrl)).send("POST", URI.create(ingestUrl).getRawPath(), null,
                "{\"export_id\":\"exp_forged\"}", Map.of("X-Hub-Signature-256", "sha256=" + "0".repeat(64),
                        "X-GitHub-Delivery", UUID.randomUUID().toString()));
        assertEquals(401, forged.status());

        browser.click(By.linkText("Sources"));
        browser.click(By.linkText("github-exports"));
        browser.waitText(rowWith("runs", "exp_42"), "queued");
        assertFalse(browser.text(By.tagName("main")).contains("exp_forged"));
        assertTrue(browser.driver().findElements(By.id("ingest-url")).isEmpty(), "the ingest URL is shown once");
    }
}
