package dev.hookline.local.console;

import dev.hookline.local.testing.RepoPaths;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, both named explicitly so Selenium Manager never
 * looks for (or downloads) a driver or browser; a fresh profile directory per browser. Waits are explicit, with
 * generous deadlines for a loaded machine, and never sleeps.
 */
final class ConsoleBrowser implements AutoCloseable {
    static final String CHROMIUM = System.getProperty("hookline.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("hookline.chromedriver", "/usr/bin/chromedriver");
    /** How long the console may take to show what a test waits for (deliveries cross queues and a scheduler). */
    static final Duration WAIT = Duration.ofSeconds(90);

    private final ChromeDriver driver;
    private final URI base;
    private final Path profile;

    ConsoleBrowser(URI base) {
        for (String binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(Path.of(binary))) {
                throw new IllegalStateException(binary + " is missing: install Debian's browser and driver with "
                        + "`apt-get install -y chromium chromium-driver` (.ci/run does).");
            }
        }
        this.base = base;
        try {
            this.profile = Files.createTempDirectory("hookline-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=1400,1100", "--lang=en-US");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(30));
    }

    WebDriver driver() {
        return driver;
    }

    /** Opens a console route (the part after "#/"), as a person typing the address would. */
    void open(String route) {
        driver.get(base.resolve("/console/#/" + route).toString());
    }

    /** A fresh start: no key in this tab, nothing left from a previous test. */
    void reset() {
        open("signin");
        ((JavascriptExecutor) driver).executeScript("sessionStorage.clear(); localStorage.clear();");
        // A fresh page: nothing of the previous test (a view, a request in flight) is left to act.
        driver.navigate().refresh();
        waitFor(By.id("api-key"));
        browserProblems(); // drop what the previous test left in the log
    }

    void signIn(String key) {
        reset();
        type(By.id("api-key"), key);
        click(By.id("sign-in"));
        waitUntil("the sign-in to finish", d -> !d.getCurrentUrl().endsWith("#/signin"));
        waitFor(By.id("sign-out"));
    }

    WebElement waitFor(By by) {
        return waitUntil("an element " + by, d -> {
            List<WebElement> found = d.findElements(by);
            return found.isEmpty() || !found.getFirst().isDisplayed() ? null : found.getFirst();
        });
    }

    /** Waits until the element's text contains {@code text} (the console refreshes lists by itself). */
    WebElement waitText(By by, String text) {
        return waitUntil("'" + text + "' in " + by, d -> {
            try {
                for (WebElement e : d.findElements(by)) {
                    if (e.getText().contains(text)) {
                        return e;
                    }
                }
                return null;
            } catch (StaleElementReferenceException refreshed) {
                return null;
            }
        });
    }

    <T> T waitUntil(String what, ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, WAIT, Duration.ofMillis(200))
                .ignoring(StaleElementReferenceException.class)
                .withMessage("waiting for " + what)
                .until(condition);
    }

    void click(By by) {
        waitUntil("a clickable " + by, d -> {
            WebElement e = d.findElement(by);
            if (!e.isDisplayed() || !e.isEnabled()) {
                return null;
            }
            e.click();
            return true;
        });
    }

    /** Types into a field, and waits until the field holds exactly that (typing again if the page re-drew it). */
    void type(By by, String text) {
        waitUntil("'" + text + "' typed into " + by, d -> {
            WebElement e = d.findElement(by);
            if (!e.isDisplayed()) {
                return null;
            }
            e.clear();
            e.sendKeys(text);
            return text.equals(e.getDomProperty("value")) ? true : null;
        });
    }

    void choose(By by, String value) {
        new Select(waitFor(by)).selectByValue(value);
    }

    String text(By by) {
        return waitUntil("the text of " + by, d -> {
            WebElement e = d.findElement(by);
            return e.isDisplayed() ? e.getText() : null;
        });
    }

    /** Scrolls the element to the middle of the window, so a screenshot shows it. */
    void scrollTo(By by) {
        script("arguments[0].scrollIntoView({block: 'center'})", waitFor(by));
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Whether a JavaScript alert is open (an injected script would open one). */
    boolean alertOpen() {
        try {
            Alert alert = driver.switchTo().alert();
            alert.dismiss();
            return true;
        } catch (NoAlertPresentException none) {
            return false;
        }
    }

    /** Saves what the browser shows as target/screenshots/{name}.png, for a person to look at. */
    Path screenshot(String name) {
        Path dir = RepoPaths.root().resolve("local/target/screenshots");
        try {
            Files.createDirectories(dir);
            Path target = dir.resolve(name + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Script errors and Content-Security-Policy violations the browser logged since the last call (a refused 401 of
     * a wrong key is logged too, as a failed resource, and is not a problem).
     */
    List<String> browserProblems() {
        List<String> out = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            String m = e.getMessage();
            if (e.getLevel().intValue() >= Level.SEVERE.intValue() && !m.contains("Failed to load resource")) {
                out.add(m);
            } else if (m.contains("Content Security Policy") || m.contains("Uncaught")) {
                out.add(m);
            }
        }
        return out;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // A temporary profile left behind is harmless.
            }
        }
    }
}
