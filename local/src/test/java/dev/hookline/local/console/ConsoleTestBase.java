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

    /** A row of a table in the element with this id whose text contains {@code text}. */
    static By rowWith(String containerId, String text) {
        return By.xpath("//*[@id='" + containerId + "']//tr[contains(., " + literal(text) + ")]");
    }

    static String literal(String text) {
        return text.contains("'") ? "\"" + text + "\"" : "'" + text + "'";
    }
}
