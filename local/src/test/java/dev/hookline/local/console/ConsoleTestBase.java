package dev.hookline.local.console;

import dev.hookline.local.testing.TestPlatform;
import dev.hookline.local.testing.WithPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.By;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One headless Chromium per test class against the local platform; every test starts signed out, and ends with no
 * script error or Content-Security-Policy violation in the browser's log.
 */
@WithPlatform
abstract class ConsoleTestBase {
    static ConsoleBrowser browser;

    @BeforeAll
    static void startBrowser(TestPlatform p) {
        browser = new ConsoleBrowser(p.platform().baseUri());
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    @AfterEach
    void noScriptErrorsOrPolicyViolations() {
        List<String> problems = browser.browserProblems();
        assertEquals(List.of(), problems, "the browser logged script errors or CSP violations");
    }

    /**
     * Publishes an event through the console's Events page, then follows the event's delivery to its endpoint's
     * page (the event page lists it once fan-out has created it). The test's tenant has one endpoint for it.
     */
    static void publishAndOpenTheEndpoint(String type, String dataJson) {
        browser.click(By.linkText("Events"));
        browser.click(By.id("publish-event"));
        browser.type(By.id("event-type"), type);
        browser.type(By.id("event-data"), dataJson);
        browser.click(By.id("publish"));
        browser.waitText(By.tagName("h1"), "Event " + type);
        browser.waitText(By.id("publish-result"), "Published to 1 endpoint");
        browser.click(By.cssSelector("#event-deliveries a[href^='#/endpoints/']"));
    }

    /** A row of a table in the element with this id whose text contains {@code text}. */
    static By rowWith(String containerId, String text) {
        return By.xpath("//*[@id='" + containerId + "']//tr[contains(., " + literal(text) + ")]");
    }

    static String literal(String text) {
        return text.contains("'") ? "\"" + text + "\"" : "'" + text + "'";
    }
}
