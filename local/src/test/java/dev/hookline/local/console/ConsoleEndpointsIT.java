package dev.hookline.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import dev.hookline.local.testing.TestPlatform;
import dev.hookline.local.testing.TestReceiver;
import dev.hookline.local.testing.TestReceiver.Received;
import dev.hookline.local.testing.Tenants;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Endpoints in the console: create (the URL guard's refusal inline), text stays text, disable/enable, delete. */
class ConsoleEndpointsIT extends ConsoleTestBase {
    @AutoClose
    private final TestReceiver receiver = TestReceiver.open();

    @Test
    void createAnEndpointToALoopbackReceiverAfterTheUrlGuardRefusesAMetadataAddress(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "console-create");
        browser.signIn(t.key());
        browser.click(By.id("new-endpoint"));
        browser.waitText(By.tagName("h1"), "New endpoint");

        browser.type(By.id("endpoint-url"), "http://169.254.169.254/latest/meta-data/");
        browser.click(By.id("save-endpoint"));
        String refusal = browser.waitText(By.id("endpoint-url-error"), "metadata").getText();
        assertTrue(refusal.contains("metadata_address"), "the guard's own reason, next to the URL: " + refusal);
        assertEquals("true", browser.waitFor(By.id("endpoint-url")).getAttribute("aria-invalid"));
        browser.waitText(By.id("endpoint-form-errors"), "The endpoint was not created.");
        browser.screenshot("03-endpoint-url-refused");
        assertEquals(0, t.get("/v1/endpoints").json().get("data").size(), "nothing was created");

        browser.type(By.id("endpoint-url"), receiver.url("/orders"));
        browser.type(By.id("endpoint-description"), "Orders service");
        browser.click(By.id("type-run__"));             // the run.* wildcard from the catalog
        browser.type(By.id("other-types"), "order.*");
        browser.click(By.id("add-header"));
        browser.type(By.cssSelector("#header-rows .header-name"), "X-Api-Key");
        browser.type(By.cssSelector("#header-rows .header-value"), "abc123");
        browser.type(By.id("retry-max_attempts"), "3");
        browser.type(By.id("timeout-ms"), "5000");
        browser.click(By.id("save-endpoint"));

        String secret = browser.waitText(By.id("endpoint-secret"), "whsec_").getText().strip();
        browser.waitText(By.tagName("h1"), "Orders service");
        browser.screenshot("03-endpoint-created");

        JsonNode ep = t.get("/v1/endpoints").json().get("data").get(0);
        assertEquals(receiver.url("/orders"), ep.get("url").asText());
        assertEquals("Orders service", ep.get("description").asText());
        assertEquals(List.of("run.*", "order.*"), List.of(ep.get("event_types").get(0).asText(), ep.get("event_types").get(1).asText()));
        assertEquals("abc123", ep.get("headers").get("X-Api-Key").asText());
        assertEquals(3, ep.get("retry").get("max_attempts").asInt());
        assertEquals(5000, ep.get("timeout_ms").asInt());

        // The secret the page showed is the one deliveries are signed with.
        t.publish("order.created", "{\"id\":7}");
        Received r = receiver.next(Duration.ofSeconds(60));
        assertNotNull(r, "the receiver got the event");
        new Webhook(secret).verify(new String(r.body(), StandardCharsets.UTF_8), HttpHeaders.of(r.headers().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))), (a, b) -> true));
        assertEquals("abc123", r.header("x-api-key"));

        // Shown once: the endpoint's page, opened again from the list, does not show it.
        browser.open("endpoints");
        browser.click(By.linkText("Orders service"));
        browser.waitText(By.tagName("h1"), "Orders service");
        assertTrue(browser.driver().findElements(By.id("endpoint-secret")).isEmpty());

        // Edit: a new description, the header removed.
        browser.click(By.id("edit-endpoint"));
        browser.waitText(By.tagName("h1"), "Edit endpoint");
        browser.type(By.id("endpoint-description"), "Orders service v2");
        browser.click(By.xpath("//div[@id='header-rows']//button[.='Remove']"));
        browser.click(By.id("save-endpoint"));
        browser.waitText(By.tagName("main"), "Endpoint saved.");
        browser.waitText(By.tagName("h1"), "Orders service v2");
        JsonNode edited = t.get("/v1/endpoints/" + ep.get("id").asText()).json();
        assertEquals("Orders service v2", edited.get("description").asText());
        assertEquals(0, edited.get("headers").size(), "the removed header is gone");
        assertEquals(2, edited.get("event_types").size(), "what was not touched stays");

        // Rotate with a grace period: a new secret, shown once; both sign until the grace period ends.
        browser.click(By.id("rotate-secret"));
        browser.type(By.id("grace-hours"), "2");
        browser.click(By.xpath("//dialog//button[.='Rotate secret']"));
        String rotated = browser.waitText(By.id("endpoint-secret"), "whsec_").getText().strip();
        assertFalse(rotated.equals(secret), "a new secret");
        browser.waitText(By.tagName("main"), "The previous secret keeps signing until");
        t.publish("order.created", "{\"id\":8}");
        Received after = receiver.next(Duration.ofSeconds(60));
        assertNotNull(after, "the receiver got the event after the rotation");
        assertEquals(2, after.header("webhook-signature").split(" ").length, "old and new secret both sign: "
                + after.header("webhook-signature"));
        new Webhook(rotated).verify(new String(after.body(), StandardCharsets.UTF_8), HttpHeaders.of(after.headers().entrySet()
                .stream().collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))), (a, b) -> true));
    }

    @Test
    void createAPullEndpointWhoseReceiverLeasesSignedDeliveries(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "console-pull");
        browser.signIn(t.key());
        browser.click(By.id("new-endpoint"));
        browser.waitText(By.tagName("h1"), "New endpoint");
        assertTrue(browser.waitFor(By.id("endpoint-url")).isDisplayed(), "push is the default: a URL is asked for");
        browser.choose(By.id("endpoint-delivery"), "pull");
        assertFalse(browser.driver().findElement(By.id("endpoint-url")).isDisplayed(), "a pull endpoint has no URL");
        assertFalse(browser.driver().findElement(By.id("timeout-ms")).isDisplayed(), "nor a timeout");
        browser.type(By.id("endpoint-description"), "Laptop receiver");
        browser.type(By.id("other-types"), "invoice.*");
        browser.click(By.id("save-endpoint"));

        String secret = browser.waitText(By.id("endpoint-secret"), "whsec_").getText().strip();
        browser.waitText(By.tagName("h1"), "Laptop receiver");
        JsonNode ep = t.get("/v1/endpoints").json().get("data").get(0);
        String id = ep.get("id").asText();
        assertEquals("pull", ep.get("delivery").asText(), ep.toString());
        assertFalse(ep.has("url"), ep.toString());
        assertEquals("GET /v1/endpoints/" + id + "/pull", browser.text(By.id("endpoint-url")));
        assertTrue(browser.driver().findElements(By.id("send-test")).isEmpty(), "nothing is sent to a pull endpoint");
        browser.screenshot("03-pull-endpoint-created");

        // The secret the page showed signs what the receiver pulls.
        t.publish("invoice.paid", "{\"amount\":5}");
        JsonNode pulled = dev.hookline.local.testing.Eventually.poll(Duration.ofSeconds(30),
                () -> t.get("/v1/endpoints/" + id + "/pull?wait_s=1").json().get("data"), d -> !d.isEmpty()).get(0);
        Map<String, List<String>> headers = new java.util.HashMap<>();
        pulled.get("headers").properties().forEach(e -> headers.put(e.getKey(), List.of(e.getValue().asText())));
        new Webhook(secret).verify(pulled.get("body").asText(), HttpHeaders.of(headers, (a, b) -> true));

        browser.open("endpoints");
        browser.waitText(By.id("endpoints"), "pulled by its receiver");
        browser.click(By.linkText("Laptop receiver"));
        browser.waitText(By.id("endpoint-pull"), "Pull endpoint");
        browser.click(By.id("edit-endpoint"));
        browser.waitText(By.tagName("h1"), "Edit endpoint");
        assertFalse(browser.driver().findElement(By.id("endpoint-url")).isDisplayed(), "still no URL when editing");
        browser.type(By.id("endpoint-description"), "Laptop receiver 2");
        browser.click(By.id("save-endpoint"));
        browser.waitText(By.tagName("main"), "Endpoint saved.");
        JsonNode edited = t.get("/v1/endpoints/" + id).json();
        assertEquals("Laptop receiver 2", edited.get("description").asText());
        assertEquals("pull", edited.get("delivery").asText(), "push or pull stays as created");
    }

    @Test
    void aDescriptionWithMarkupIsShownAsTextAndRunsNothing(TestPlatform p) {
        String hostile = "<img src=x onerror=alert(1)>";
        Tenants t = new Tenants(p, "console-xss");
        browser.signIn(t.key());
        browser.click(By.id("new-endpoint"));
        browser.type(By.id("endpoint-url"), receiver.url("/"));
        browser.type(By.id("endpoint-description"), hostile);
        browser.click(By.id("save-endpoint"));

        WebElement heading = browser.waitText(By.tagName("h1"), "onerror");
        assertEquals(hostile, heading.getText(), "the markup is shown as the characters it is");
        assertNoInjectedImage();
        browser.screenshot("10-description-as-text");

        browser.open("endpoints");
        assertEquals(hostile, browser.waitText(By.cssSelector("#endpoints a"), "onerror").getText());
        assertNoInjectedImage();
        assertEquals(hostile, t.get("/v1/endpoints").json().get("data").get(0).get("description").asText(), "stored as typed");
    }

    private static void assertNoInjectedImage() {
        assertFalse(browser.alertOpen(), "no script ran");
        assertEquals(0L, browser.script("return document.querySelectorAll('main img, img[src=\"x\"]').length"));
    }

    @Test
    void disableThenPublishParksTheDeliveryAndEnablingDeliversIt(TestPlatform p) {
        Tenants t = new Tenants(p, "console-park");
        String id = t.createEndpoint("{\"url\":\"" + receiver.url("/") + "\",\"event_types\":[\"order.*\"]}").get("id").asText();
        browser.signIn(t.key());
        browser.open("endpoints/" + id);
        browser.waitText(By.id("toggle-enabled"), "Disable");
        browser.click(By.id("toggle-enabled"));
        browser.waitText(By.id("endpoint-health"), "disabled");
        browser.waitText(By.id("toggle-enabled"), "Enable");

        publishAndOpenTheEndpoint("order.created", "{\"order\": 99}");

        browser.waitText(rowWith("deliveries", "order.created"), "parked");
        assertTrue(receiver.received().isEmpty(), "nothing is sent while the endpoint is disabled");
        browser.scrollTo(By.id("deliveries-h"));
        browser.screenshot("06-parked-while-disabled");

        browser.click(By.id("toggle-enabled"));
        browser.waitText(By.id("endpoint-health"), "healthy");
        browser.waitText(rowWith("deliveries", "order.created"), "succeeded");
        assertEquals(1, receiver.received().size(), "enabling sent the parked delivery, once");
        browser.scrollTo(By.id("deliveries-h"));
        browser.screenshot("06-enabled-and-delivered");
    }

    @Test
    void deleteAsksFirstNamesWhatIsLostAndTakesTheHistoryWithIt(TestPlatform p) {
        Tenants t = new Tenants(p, "console-delete");
        String id = t.createEndpoint("{\"url\":\"" + receiver.url("/gone") + "\",\"event_types\":[\"order.*\"]}").get("id").asText();
        String delivery = t.deliveryOf(t.publish("order.created", "{}"), id);
        t.awaitStatus(delivery, "succeeded", Duration.ofSeconds(60));

        browser.signIn(t.key());
        browser.open("endpoints/" + id);
        browser.waitText(rowWith("deliveries", delivery), "succeeded");
        browser.click(By.id("delete-endpoint"));
        WebElement dialog = browser.waitFor(By.tagName("dialog"));
        String consequences = dialog.getText();
        assertTrue(consequences.contains(receiver.url("/gone")), consequences);
        assertTrue(consequences.contains("delivery history"), consequences);
        assertTrue(consequences.contains("signing secret"), consequences);
        browser.screenshot("07-delete-confirmation");

        browser.click(By.xpath("//dialog//button[.='Cancel']"));
        browser.waitUntil("the dialog to close", d -> d.findElements(By.tagName("dialog")).isEmpty());
        assertEquals(200, t.get("/v1/endpoints/" + id).status(), "cancel deletes nothing");

        browser.click(By.id("delete-endpoint"));
        browser.click(By.xpath("//dialog//button[.='Delete endpoint']"));
        browser.waitText(By.tagName("main"), "deleted with its delivery history");
        browser.waitText(By.id("endpoints"), "No endpoints yet");
        assertEquals(404, t.get("/v1/endpoints/" + id).status());
        assertEquals(404, t.get("/v1/deliveries/" + delivery).status(), "its history is gone");

        browser.open("deliveries/" + delivery);
        browser.waitText(By.id("delivery-missing"), "no delivery " + delivery);
    }
}
