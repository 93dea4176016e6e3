package dev.hookline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.local.testing.CliProcess;
import dev.hookline.local.testing.CliProcess.Result;
import dev.hookline.local.testing.Eventually;
import dev.hookline.local.testing.TestPlatform;
import dev.hookline.local.testing.TestReceiver;
import dev.hookline.local.testing.Tenants;
import dev.hookline.local.testing.WithPlatform;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every API command of the CLI end to end: the CLI runs as its own process (this build's jar and classpath, as
 * ./hookline runs it) against the local platform; exit codes and output are what is checked. listen has its own
 * class (ListenIT).
 */
@WithPlatform
class CliIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ID = Pattern.compile("\\b((ep|msg|dlv|src|run)_[0-9A-Za-z]+)");

    @TempDir
    Path home;

    @AutoClose
    private final TestReceiver receiver = TestReceiver.open();

    private CliProcess cli(TestPlatform p, Tenants t) {
        return new CliProcess(Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", home.resolve("config").toString(),
                "HOOKLINE_URL", p.platform().baseUri().toString(), "HOOKLINE_KEY", t.key()), home);
    }

    private static Result ok(Result r) {
        assertEquals(0, r.exit(), r.toString());
        return r;
    }

    private static JsonNode json(Result r) {
        ok(r);
        try {
            return JSON.readTree(r.out());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r, e);
        }
    }

    private static String firstId(String text, String prefix) {
        Matcher m = ID.matcher(text);
        while (m.find()) {
            if (m.group(2).equals(prefix)) {
                return m.group(1);
            }
        }
        throw new AssertionError("no " + prefix + "_ id in: " + text);
    }

    @Test
    void loginChecksTheKeyStoresTheProfileAndLaterCommandsUseIt(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "cli-login");
        CliProcess bare = new CliProcess(Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", home.resolve("config").toString()), home);
        Result refused = bare.run("login", "--url", p.platform().baseUri().toString(), "--key", "hk_wrong");
        assertEquals(1, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("Send a valid key"), "the API's detail: " + refused.err());
        assertFalse(Files.exists(home.resolve("config/hookline/config.json")), "a refused key is not stored");

        Result login = ok(bare.run("login", "--url", p.platform().baseUri().toString(), "--key", t.key()));
        assertTrue(login.out().contains("Logged in to " + p.platform().baseUri()), login.out());
        assertFalse(login.out().contains(t.key()), "the key is not printed");
        Path config = home.resolve("config/hookline/config.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
        assertEquals(0, bare.run("endpoints", "list").exit(), "the stored profile is used");

        assertEquals(2, bare.run("--profile", "staging", "endpoints", "list").exit(), "no such profile: usage");
        Result override = bare.with("HOOKLINE_KEY", "hk_overridden").run("endpoints", "list");
        assertEquals(1, override.exit(), "HOOKLINE_KEY overrides the stored key: " + override);
    }

    @Test
    void endpointCommandsCreateShowChangeAndDelete(TestPlatform p) {
        Tenants t = new Tenants(p, "cli-endpoints");
        CliProcess cli = cli(p, t);
        Result created = ok(cli.run("endpoints", "create", "--url", receiver.url("/hooks"), "--events", "invoice.*,run.failed",
                "--description", "billing", "--header", "X-Team=blue"));
        String id = firstId(created.out(), "ep");
        assertTrue(created.out().matches("(?s).*Signing secret \\(shown once\\): whsec_\\S+.*"), created.out());

        Result list = ok(cli.run("endpoints", "list"));
        assertTrue(list.out().startsWith("ID"), list.out());
        assertTrue(list.out().contains(id) && list.out().contains("invoice.*,run.failed"), list.out());
        JsonNode listed = json(cli.run("endpoints", "list", "--json"));
        assertEquals(id, listed.get("data").get(0).get("id").asText());
        assertEquals("blue", json(cli.run("endpoints", "get", id, "--json")).get("headers").get("X-Team").asText());

        assertEquals("invoices", json(cli.run("endpoints", "update", id, "--description", "invoices", "--json"))
                .get("description").asText());
        assertTrue(ok(cli.run("endpoints", "disable", id)).out().contains(id + " is disabled."));
        assertTrue(ok(cli.run("endpoints", "enable", id)).out().contains(id + " is enabled."));
        String secret = ok(cli.run("endpoints", "secret", id)).out().strip();
        assertTrue(secret.startsWith("whsec_"), secret);
        Result rotated = ok(cli.run("endpoints", "rotate-secret", id, "--grace", "60"));
        assertTrue(rotated.out().contains("New signing secret of " + id) && !rotated.out().contains(secret), rotated.out());
        Result test = ok(cli.run("endpoints", "test", id));
        assertTrue(test.out().contains("status_code") && test.out().contains("200"), test.out());
        assertTrue(ok(cli.run("endpoints", "stats", id, "--window", "1h")).out().contains("total"));

        Result badUrl = cli.run("endpoints", "create", "--url", "http://169.254.169.254/latest");
        assertEquals(1, badUrl.exit(), "the API refuses: " + badUrl);
        assertTrue(badUrl.err().contains("url:"), "the field errors are printed: " + badUrl.err());
        assertTrue(ok(cli.run("endpoints", "delete", id)).out().contains("Deleted " + id));
        Result gone = cli.run("endpoints", "get", id);
        assertEquals(1, gone.exit());
        assertTrue(gone.err().contains("No endpoint " + id), gone.err());
    }

    @Test
    void eventsAndDeliveriesFromPublishToRetryAndTail(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "cli-events");
        CliProcess cli = cli(p, t);
        String ep = firstId(ok(cli.run("endpoints", "create", "--url", receiver.url("/"))).out(), "ep");
        Files.writeString(home.resolve("invoice.json"), "{\"amount\":42,\"currency\":\"EUR\"}");
        Result published = ok(cli.run("events", "publish", "--type", "invoice.paid", "--data", "@invoice.json",
                "--idempotency-key", "inv-42"));
        String msg = firstId(published.out(), "msg");
        assertTrue(published.out().contains("to 1 endpoint(s)"), published.out());
        assertEquals(msg, firstId(ok(cli.run("events", "publish", "--type", "invoice.paid", "--data", "@invoice.json",
                "--idempotency-key", "inv-42")).out(), "msg"), "the same key answers the first result");
        Result piped = ok(cli.runWithInput("{\"amount\":7}", "events", "publish", "--type", "invoice.paid", "--data", "@-", "--json"));
        assertTrue(JSON.readTree(piped.out()).get("id").asText().startsWith("msg_"), piped.out());
        assertNotNull(receiver.next(Duration.ofSeconds(15)), "published events are delivered");

        String dlv = t.deliveryOf(msg, ep);
        t.awaitStatus(dlv, "succeeded", Duration.ofSeconds(15));
        Result events = ok(cli.run("events", "list"));
        assertTrue(events.out().startsWith("ID") && events.out().contains(msg) && events.out().contains("invoice.paid"),
                events.out());
        JsonNode listed = json(cli.run("events", "list", "--limit", "1", "--json"));
        assertEquals(1, listed.get("data").size(), listed.toString());
        assertTrue(listed.get("data").get(0).get("id").asText().startsWith("msg_"), listed.toString());
        Result event = ok(cli.run("events", "get", msg));
        assertTrue(event.out().contains("invoice.paid") && event.out().contains(dlv), event.out());
        assertTrue(ok(cli.run("deliveries", "list", "--endpoint", ep, "--status", "succeeded")).out().contains(dlv));
        Result delivery = ok(cli.run("deliveries", "get", dlv));
        assertTrue(delivery.out().contains("succeeded") && delivery.out().matches("(?s).*\\n1\\s+\\S+\\s+200\\s.*"), delivery.out());
        assertTrue(ok(cli.run("deliveries", "retry", dlv)).out().contains("Queued " + dlv));
        Eventually.poll(Duration.ofSeconds(15), () -> t.delivery(dlv).get("attempt_count").asInt(), n -> n == 2);
        assertEquals(2, t.delivery(dlv).get("attempt_count").asInt(), "the retry was sent");
        assertEquals(2, cli.run("deliveries", "list").exit(), "--endpoint is required");

        // The next delivery is refused once and retried 10 s later: it shows in at least two states, whatever
        // moments tail happens to look at it (pending may come and go between two looks; retrying cannot).
        ok(cli.run("endpoints", "update", ep, "--data",
                "{\"retry\":{\"initial_backoff_s\":10,\"multiplier\":1,\"max_attempts\":3,\"max_backoff_s\":10}}"));
        receiver.then(TestReceiver.Answer.status(500), TestReceiver.Answer.status(200));
        try (CliProcess.Running tail = cli.start("deliveries", "tail", "--endpoint", ep, "--interval", "300", "--count", "2")) {
            assertNotNull(tail.await(l -> l.startsWith("Following deliveries"), Duration.ofSeconds(30)), tail.lines().toString());
            String next = t.publish("order.created", "{}");
            String line = tail.await(l -> l.contains("order.created"), Duration.ofSeconds(30));
            assertNotNull(line, "a new delivery shows: " + tail.lines());
            assertTrue(line.contains(ep) && line.contains("dlv_"), line);
            assertEquals(0, tail.waitFor(Duration.ofSeconds(60)), "stops after --count lines: " + tail.lines());
            java.util.List<String> states = tail.lines().stream().filter(l -> l.contains("order.created"))
                    .map(l -> l.replaceAll(".*order\\.created\\s+\\S+\\s+(\\S+).*", "$1")).toList();
            assertEquals(2, states.size(), "and its change of state: " + tail.lines() + " " + next);
            assertFalse(states.get(0).equals(states.get(1)), "two states of one delivery: " + states);
            assertTrue(states.contains("retrying"), "the refusal shows: " + states);
        }
    }

    @Test
    void deadLettersAreListedAndRedriven(TestPlatform p) {
        Tenants t = new Tenants(p, "cli-dead");
        CliProcess cli = cli(p, t);
        receiver.otherwise(() -> TestReceiver.Answer.status(500));
        String ep = firstId(ok(cli.run("endpoints", "create", "--data", "{\"url\":\"" + receiver.url("/")
                + "\",\"retry\":{\"initial_backoff_s\":1,\"multiplier\":1,\"max_attempts\":1,\"max_backoff_s\":1}}")).out(), "ep");
        String dlv = t.deliveryOf(t.publish("a.b", "{}"), ep);
        t.awaitStatus(dlv, "dead_lettered", Duration.ofSeconds(20));
        Result list = ok(cli.run("dead-letters", "list", "--endpoint", ep));
        assertTrue(list.out().startsWith("DELIVERY") && list.out().contains(dlv), list.out());
        receiver.otherwise(() -> TestReceiver.Answer.status(200));
        assertTrue(ok(cli.run("dead-letters", "redrive", "--endpoint", ep)).out().contains("Requeued 1 dead letter(s)"));
        t.awaitStatus(dlv, "succeeded", Duration.ofSeconds(20));
    }

    @Test
    void sourcesSendRunsAndTheDoctorOverTheApi(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "cli-sources");
        CliProcess cli = cli(p, t);
        String secret = "whsec_Y2xpLWl0LXNlY3JldC1rZXktMDEyMzQ1Njc4OQ==";
        Result created = ok(cli.run("sources", "create", "--name", "exports", "--mode", "trigger", "--secret", secret,
                "--data", "{\"trigger\":{\"pipeline\":\"exports\",\"parameters\":{\"export_id\":\"/export_id\"}}}"));
        String src = firstId(created.out(), "src");
        String ingest = created.out().replaceAll("(?s).*Ingest URL \\(shown once\\): (\\S+).*", "$1");
        assertTrue(ingest.contains("/in/"), created.out());
        assertTrue(ok(cli.run("sources", "list")).out().contains(src));
        assertTrue(ok(cli.run("sources", "get", src)).out().contains("standard-webhooks"));

        Result sent = ok(cli.run("send", "--to", ingest, "--secret", secret, "--data", "{\"export_id\":\"exp_7\"}"));
        assertTrue(sent.out().startsWith("HTTP 202"), sent.out());
        String run = firstId(sent.out(), "run");
        assertTrue(ok(cli.run("runs", "list", "--source", src)).out().contains(run));
        assertTrue(ok(cli.run("runs", "get", run)).out().contains("exp_7"));

        Result forged = cli.run("send", "--to", ingest, "--secret", "whsec_" + "QUFB".repeat(8), "--data", "{\"export_id\":\"x\"}");
        assertEquals(1, forged.exit(), forged.toString());
        assertTrue(forged.out().startsWith("HTTP 401"), forged.out());
        Result failures = ok(cli.run("sources", "failures", src));
        assertTrue(failures.out().contains("bad_signature") && failures.out().contains("webhook-signature"), failures.out());

        Result signed = ok(cli.run("sign", "--secret", secret, "--data", "{\"export_id\":\"exp_8\"}"));
        Files.writeString(home.resolve("captured.headers"), signed.out());
        Files.writeString(home.resolve("captured.body"), "{\"export_id\":\"exp_8\"}\n");
        Result diagnosed = cli.run("sources", "diagnose", src, "--headers", "captured.headers", "--body", "captured.body");
        assertEquals(1, diagnosed.exit(), diagnosed.toString());
        assertTrue(diagnosed.out().startsWith("NOT VERIFIED") && diagnosed.out().contains("body_trailing_newline  [confirmed"),
                diagnosed.out());
        assertFalse(diagnosed.out().contains(secret.substring(6)), "the secret is never shown");
        Files.writeString(home.resolve("captured.body"), "{\"export_id\":\"exp_8\"}");
        assertTrue(ok(cli.run("sources", "diagnose", src, "--headers", "captured.headers", "--body", "captured.body"))
                .out().startsWith("VERIFIED"));

        Result rotated = ok(cli.run("sources", "rotate-token", src, "--grace", "0"));
        String newIngest = rotated.out().replaceAll("(?s).*\\(shown once\\): (\\S+).*", "$1");
        assertFalse(newIngest.equals(ingest), rotated.out());
        assertEquals(1, cli.run("send", "--to", ingest, "--secret", secret, "--data", "{\"export_id\":\"y\"}").exit(),
                "the old URL is gone");
        assertEquals(0, cli.run("send", "--to", newIngest, "--secret", secret, "--data", "{\"export_id\":\"y\"}").exit());
    }

    @Test
    void eventTypesAndTheOfflineDoctor(TestPlatform p) throws Exception {
        Tenants t = new Tenants(p, "cli-types");
        CliProcess cli = cli(p, t);
        Result types = ok(cli.run("event-types"));
        assertTrue(types.out().startsWith("TYPE") && types.out().contains("endpoint.disabled"), types.out());
        assertTrue(json(cli.run("event-types", "--json")).get("data").size() > 5);

        String secret = "whsec_Y2xpLWl0LXNlY3JldC1rZXktMDEyMzQ1Njc4OQ==";
        String headers = ok(cli.run("sign", "--secret", secret, "--data", "{\"a\":1}")).out();
        Result verified = cli.runWithInput("{\"a\":1}", "verify", "--secret", secret, "--body", "-",
                "-H", headers.lines().toList().get(0), "-H", headers.lines().toList().get(1), "-H", headers.lines().toList().get(2));
        assertEquals(0, verified.exit(), verified.toString());
        assertTrue(verified.out().startsWith("VERIFIED"), verified.out());
        Result compact = cli.runWithInput("{\"a\": 1}", "verify", "--secret", secret, "--body", "-",
                "-H", headers.lines().toList().get(0), "-H", headers.lines().toList().get(1), "-H", headers.lines().toList().get(2));
        assertEquals(1, compact.exit(), compact.toString());
        assertTrue(compact.out().contains("body_reserialized"), compact.out());
        assertEquals(2, cli.run("verify", "--data", "{}").exit(), "no secret, no headers: usage");
    }

    @Test
    void theLambdaArtifactsCarryNoCli() throws Exception {
        // One jar per function kind (template.yaml's CodeUri): none may carry the CLI.
        for (String kind : List.of("api", "ingest", "worker")) {
            Path jar = dev.hookline.local.testing.RepoPaths.root().resolve("functions/target/hookline-" + kind + ".jar");
            assertTrue(Files.exists(jar), "the functions module's package phase built " + jar);
            try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
                assertTrue(zip.stream().noneMatch(e -> e.getName().startsWith("dev/hookline/cli/") || e.getName().startsWith("picocli/")),
                        "no CLI class and no picocli in " + jar);
                assertNotNull(zip.getEntry("dev/hookline/functions/wiring/Wiring.class"), "it is a function artifact: " + jar);
            }
        }
    }
}
