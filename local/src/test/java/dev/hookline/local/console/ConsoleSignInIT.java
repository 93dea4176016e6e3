package dev.hookline.local.console;

import dev.hookline.local.testing.TestPlatform;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signing in with a tenant key, a wrong key, and signing out. */
class ConsoleSignInIT extends ConsoleTestBase {

    @Test
    void aWrongKeyShowsAClearErrorAndATenantKeySignsIn(TestPlatform p) {
        TestPlatform.Tenant tenant = p.newTenant("console-signin");
        browser.reset();
        browser.type(By.id("api-key"), "hk_this-key-does-not-exist");
        browser.click(By.id("sign-in"));
        String error = browser.waitText(By.id("signin-error"), "not accepted").getText();
        assertTrue(error.contains("tenant keys start with hk_"), error);
        assertEquals("true", browser.waitFor(By.id("api-key")).getAttribute("aria-invalid"));
        assertNull(browser.script("return sessionStorage.getItem('hookline.key')"), "a refused key is not kept");
        browser.screenshot("01-sign-in-wrong-key");

        browser.type(By.id("api-key"), tenant.apiKey());
        browser.click(By.id("sign-in"));
        browser.waitText(By.tagName("h1"), "Endpoints");
        assertEquals(tenant.apiKey(), browser.script("return sessionStorage.getItem('hookline.key')"));
        assertEquals(0L, browser.script("return localStorage.length"), "nothing in localStorage");
        assertFalse(browser.driver().getCurrentUrl().contains(tenant.apiKey()), "the key is never in a URL");
        browser.waitText(By.id("endpoints"), "No endpoints yet");
        browser.screenshot("01-signed-in");

        browser.click(By.linkText("Event types"));
        browser.waitText(By.id("event-type-list"), "run.failed");
        browser.click(By.xpath("//section[.//code[.='run.failed']]//summary"));
        browser.waitText(By.xpath("//section[.//code[.='run.failed']]//pre"), "\"run_id\"");

        browser.click(By.id("sign-out"));
        browser.waitText(By.tagName("h1"), "Sign in");
        browser.waitText(By.tagName("main"), "You signed out.");
        assertNull(browser.script("return sessionStorage.getItem('hookline.key')"), "sign-out forgets the key");
        // Back to a page that needs the key: the console asks for it again.
        browser.open("endpoints");
        browser.waitFor(By.id("api-key"));
    }

    @Test
    void theAdminCreatesATenantIssuesAKeyAndRevokesIt(TestPlatform p) {
        browser.signIn(p.adminKey());
        browser.waitText(By.tagName("h1"), "Tenants");
        browser.type(By.id("tenant-name"), "acme-console");
        browser.click(By.xpath("//button[.='Create tenant']"));
        String first = browser.waitText(By.id("new-tenant-key"), "hk_").getText().strip();
        assertEquals(200, p.http().get("/v1/api-keys", first).status(), "the key shown once works");
        browser.waitText(By.id("tenants"), "acme-console");

        browser.click(By.linkText("acme-console"));
        browser.waitText(By.tagName("h1"), "Tenant acme-console");
        browser.waitText(By.id("keys"), "default");
        browser.type(By.id("key-name"), "ci");
        browser.click(By.xpath("//button[.='Create API key']"));
        String ci = browser.waitText(By.id("new-api-key"), "hk_").getText().strip();
        assertEquals(200, p.http().get("/v1/api-keys", ci).status());
        browser.waitText(rowWith("keys", "ci"), "Revoke");
        browser.screenshot("02-admin-tenant-keys");

        browser.click(By.cssSelector("button[aria-label='Revoke API key ci']"));
        browser.waitText(By.tagName("dialog"), "stops working at once");
        browser.click(By.xpath("//dialog//button[.='Revoke key']"));
        browser.waitUntil("the ci key to leave the list", d -> d.findElements(By.cssSelector("button[aria-label='Revoke API key ci']")).isEmpty());
        assertEquals(401, p.http().get("/v1/api-keys", ci).status(), "revoked");
        assertEquals(200, p.http().get("/v1/api-keys", first).status(), "the other key still works");
        // The admin key opens no tenant's pages.
        browser.open("endpoints");
        browser.waitText(By.tagName("main"), "needs a tenant API key");
    }

    @Test
    void theConsoleWorksFromTheKeyboardWithLabelledControlsAndVisibleFocus(TestPlatform p) {
        TestPlatform.Tenant tenant = p.newTenant("console-keyboard");
        browser.reset();
        browser.waitFor(By.id("api-key")).sendKeys(tenant.apiKey(), Keys.ENTER);
        browser.waitText(By.tagName("h1"), "Endpoints");

        // Tab from the page's start to "New endpoint" and press Enter: no mouse needed.
        browser.script("document.activeElement.blur(); document.body.focus();");
        WebElement focused = null;
        for (int i = 0; i < 30; i++) {
            browser.driver().switchTo().activeElement().sendKeys(Keys.TAB);
            focused = browser.driver().switchTo().activeElement();
            if ("new-endpoint".equals(focused.getAttribute("id"))) {
                break;
            }
        }
        assertEquals("new-endpoint", focused.getAttribute("id"), "reachable with Tab");
        assertFalse("none".equals(focused.getCssValue("outline-style")), "focus is visible: " + focused.getCssValue("outline-style"));
        focused.sendKeys(Keys.ENTER);
        browser.waitText(By.tagName("h1"), "New endpoint");

        @SuppressWarnings("unchecked")
        List<String> unlabelled = (List<String>) browser.script("""
                return [...document.querySelectorAll('main input, main select, main textarea')]
                  .filter(c => !(c.labels && c.labels.length) && !c.getAttribute('aria-label'))
                  .map(c => c.id || c.outerHTML.slice(0, 60));""");
        assertEquals(List.of(), unlabelled, "every control of the endpoint form has a label");
    }
}
