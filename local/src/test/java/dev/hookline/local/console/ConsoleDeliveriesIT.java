package dev.hookline.local.console;

import dev.hookline.local.testing.TestPlatform;
import dev.hookline.local.testing.TestReceiver;
import dev.hookline.local.testing.TestReceiver.Answer;
import dev.hookline.local.testing.Tenants;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Deliveries in the console: a test send, watching one succeed, retrying a failed one, and the stats charts. */
class ConsoleDeliveriesIT extends ConsoleTestBase {
    private static final String ONE_ATTEMPT = "\"retry\":{\"initial_backoff_s\":1,\"multiplier\":1,\"max_attempts\":1,\"max_backoff_s\":1}";

    private volatile int status = 200;
    @AutoClose
    private final TestReceiver receiver = TestReceiver.open().otherwise(() -> Answer.status(status)
            .withBody((status == 200 ? "ok" : "upstream down").getBytes(StandardCharsets.UTF_8)));

    @Test
    void sendATestEventThenWatchAPublishedDeliveryTurnSucceededWithItsAttempt(TestPlatform p) {
        Tenants t = new Tenants(p, "console-watch");
        String id = t.createEndpoint("{\"url\":\"" + receiver.url("/hook") + "\",\"event_types\":[\"order.*\"]}").get("id").asText();
        browser.signIn(t.key());
        browser.open("endpoints/" + id);

        browser.click(By.id("send-test"));
        String result = browser.waitText(By.id("test-result"), "Test event delivered").getText();
        assertTrue(result.contains("HTTP 200"), result);
        assertEquals(1, receiver.received().size());
        assertTrue(new String(receiver.received().getFirst().body(), StandardCharsets.UTF_8).contains("webhook.test"));

        publishAndOpenTheEndpoint("order.created", "{\"order\": 42, \"items\": [\"tea\", \"cake\"]}");

        // The endpoint's delivery list refreshes by itself until the delivery has succeeded.
        browser.waitText(rowWith("deliveries", "order.created"), "succeeded");
        browser.click(By.cssSelector("#deliveries a[href^='#/deliveries/']"));
        browser.waitText(By.id("delivery-status"), "succeeded");
        String attempt = browser.waitText(By.cssSelector("#attempts li[data-attempt='1']"), "HTTP 200").getText();
        assertTrue(attempt.contains(" ms"), "latency shown: " + attempt);
        String payload = browser.text(By.id("event-payload"));
        assertTrue(payload.contains("\"order\": 42") && payload.contains("\n"), "pretty-printed: " + payload);
        assertTrue(browser.driver().findElements(By.id("retry")).isEmpty(), "no Retry for a succeeded delivery");
        browser.screenshot("04-delivery-succeeded");

        // The events list has it, newest first.
        browser.click(By.linkText("Events"));
        browser.waitText(By.cssSelector("#events tbody tr:first-child"), "order.created");
    }

    @Test
    void aFailingReceiverIsFixedAndRetryDeliversIt(TestPlatform p) {
        status = 500;
        Tenants t = new Tenants(p, "console-retry");
        String id = t.createEndpoint("{\"url\":\"" + receiver.url("/") + "\",\"event_types\":[\"order.*\"]," + ONE_ATTEMPT + "}")
                .get("id").asText();
        String delivery = t.deliveryOf(t.publish("order.created", "{\"order\":1}"), id);

        browser.signIn(t.key());
        browser.open("endpoints/" + id);
        browser.waitText(rowWith("deliveries", delivery), "dead-lettered");
        browser.waitText(By.id("dead-letters"), delivery);
        browser.choose(By.id("delivery-status"), "succeeded");
        browser.waitText(By.id("deliveries"), "No succeeded deliveries.");
        browser.choose(By.id("delivery-status"), "dead_lettered");
        browser.waitText(rowWith("deliveries", delivery), "dead-lettered");
        browser.click(By.linkText(delivery));
        browser.waitText(By.id("delivery-status"), "dead-lettered");
        String failed = browser.waitText(By.cssSelector("#attempts li[data-attempt='1']"), "HTTP 500").getText();
        assertTrue(failed.contains("upstream down"), "the response excerpt: " + failed);
        assertTrue(failed.contains("server error"), "the failure kind: " + failed);
        browser.screenshot("05-failed-before-retry");

        status = 200;
        browser.click(By.id("retry"));
        browser.waitText(By.id("delivery-status"), "succeeded");
        browser.waitText(By.cssSelector("#attempts li[data-attempt='2']"), "HTTP 200");
        assertEquals("succeeded", t.delivery(delivery).get("status").asText());
        browser.screenshot("05-retried-after-fix");
    }

    @Test
    void afterAnOutageRecoverSinceAndRedriveSendWhatGaveUp(TestPlatform p) {
        status = 503;
        Tenants t = new Tenants(p, "console-recover");
        String id = t.createEndpoint("{\"url\":\"" + receiver.url("/") + "\",\"event_types\":[\"order.*\"]," + ONE_ATTEMPT + "}")
                .get("id").asText();
        String first = t.deliveryOf(t.publish("order.created", "{\"n\":1}"), id);
        String second = t.deliveryOf(t.publish("order.created", "{\"n\":2}"), id);
        t.awaitStatus(first, "dead_lettered", Duration.ofSeconds(60));
        t.awaitStatus(second, "dead_lettered", Duration.ofSeconds(60));

        status = 200;
        browser.signIn(t.key());
        browser.open("endpoints/" + id);
        browser.waitText(By.id("dead-letters"), second);
        browser.click(By.xpath("//button[.='Recover']"));   // since an hour ago, the default
        browser.waitText(By.xpath("//*[@id='recover-h']/following-sibling::form"), "2 deliveries re-queued.");
        browser.waitText(rowWith("deliveries", first), "succeeded");
        browser.waitText(rowWith("deliveries", second), "succeeded");

        status = 500;
        String third = t.deliveryOf(t.publish("order.created", "{\"n\":3}"), id);
        t.awaitStatus(third, "dead_lettered", Duration.ofSeconds(60));
        status = 200;
        browser.waitText(By.id("dead-letters"), third);
        browser.click(By.id("redrive"));
        browser.waitText(By.tagName("main"), "1 dead letter re-queued.");
        browser.waitText(rowWith("deliveries", third), "succeeded");
        browser.waitText(By.id("dead-letters"), "No dead letters.");
        assertEquals("succeeded", t.delivery(third).get("status").asText());
    }

    @Test
    void theStatsChartsDrawTheEndpointsFigures(TestPlatform p) {
        Tenants t = new Tenants(p, "console-charts");
        String id = t.createEndpoint("{\"url\":\"" + receiver.url("/") + "\",\"description\":\"Billing service\",\"event_types\":[\"tick.*\"]," + ONE_ATTEMPT + "}")
                .get("id").asText();
        // Attempts spread over the last hour (the platform's clock set back for each group), so the 1 h chart has
        // several steps: minutes ago, then the receiver's answers in order.
        int[][] plan = {{45, 200, 200}, {30, 200, 500}, {18, 200, 200, 200}, {5, 503}};
        try {
            for (int[] group : plan) {
                p.clock().reset();
                p.clock().advance(Duration.ofMinutes(-group[0]));
                for (int i = 1; i < group.length; i++) {
                    receiver.then(Answer.status(group[i]).after(Duration.ofMillis(group[0] == 30 ? 300 : 10)));
                    String dlv = t.deliveryOf(t.publish("tick.done", "{\"at\":" + group[0] + "}"), id);
                    t.awaitStatus(dlv, group[i] == 200 ? "succeeded" : "dead_lettered", Duration.ofSeconds(60));
                }
            }
        } finally {
            p.clock().reset();
        }

        browser.signIn(t.key());
        browser.open("endpoints/" + id);
        browser.waitText(By.id("stat-total"), "8");
        assertEquals("75.0 %", browser.text(By.id("stat-success")));
        assertEquals("2", browser.text(By.id("stat-dead")));
        for (String window : new String[]{"24h", "7d", "1h"}) {
            browser.click(By.cssSelector("button[data-window='" + window + "']"));
            browser.waitUntil("the " + window + " charts", d -> "true".equals(
                    d.findElement(By.cssSelector("button[data-window='" + window + "']")).getAttribute("aria-pressed")));
            int steps = window.equals("1h") ? 3 : 1;
            assertChartDrawn("success", window, steps, 25, 135, 84);
            assertChartDrawn("latency", window, steps, 29, 78, 216);
        }
        // The figures are also a table, for screen readers: the 18-minutes-ago step had 3 of 3.
        String table = (String) browser.script("return document.querySelector(\"figure[data-chart='success'] table\").textContent");
        assertTrue(table.contains("100 %") && table.contains("50 %") && table.contains("0 %"), "the table alternative: " + table);
        browser.scrollTo(By.id("stats-h"));
        browser.screenshot("08-stats-charts");

        // The list shows the same 24 h figures.
        browser.open("endpoints");
        browser.waitText(rowWith("endpoints", receiver.url("/")), "75.0 %");
        browser.screenshot("08-endpoint-list");
    }

    /** The chart has at least {@code steps} points with data and uPlot painted its series in its colour. */
    private static void assertChartDrawn(String chart, String window, int steps, int r, int g, int b) {
        String figure = "figure[data-chart='" + chart + "'][data-window='" + window + "']";
        browser.waitUntil(chart + " chart of " + window + " with " + steps + " steps of data", d -> {
            Object points = browser.script("const f = document.querySelector(\"" + figure + "\");"
                    + "return f ? Number(f.dataset.points) : 0;");
            return ((Number) points).intValue() >= steps;
        });
        String count = """
                const c = document.querySelector("%s canvas");
                if (!c) return 0;
                const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let n = 0;
                for (let i = 0; i < px.length; i += 4) {
                  if (Math.abs(px[i] - %d) < 8 && Math.abs(px[i + 1] - %d) < 8 && Math.abs(px[i + 2] - %d) < 8 && px[i + 3] > 200) n++;
                }
                return n;""".formatted(figure, r, g, b);
        // uPlot paints its series in its own colour: more than a few pixels of it means the data was drawn.
        browser.waitUntil(chart + " chart painted in its series colour",
                d -> ((Number) browser.script(count)).longValue() > 20 ? true : null);
    }
}
