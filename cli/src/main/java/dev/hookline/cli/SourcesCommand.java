package dev.hookline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Base64;
import java.util.List;

import static dev.hookline.cli.ApiClient.query;
import static dev.hookline.cli.ApiClient.seg;

@Command(name = "sources", description = "Inbound capability URLs: how calls are verified and what they become.",
        footerHeading = "%nExample:%n", footer = "  hookline sources create --name stripe --mode trigger --scheme stripe "
        + "--secret whsec_... --data '{\"trigger\":{\"pipeline\":\"exports\",\"parameters\":{}}}'")
final class SourcesCommand extends Group {
    static final List<Output.Column> COLUMNS = List.of(Output.Column.of("ID", "id"), Output.Column.of("NAME", "name"),
            Output.Column.of("MODE", "mode"), new Output.Column("SCHEME", s -> Output.text(s.path("verification").get("scheme"))),
            Output.Column.of("CREATED", "created_at"));
    static final List<Output.Column> FAILURES = List.of(Output.Column.of("AT", "at"), Output.Column.of("REASON", "reason"),
            Output.Column.of("SKEW_S", "timestamp_skew_s"), Output.Column.of("BYTES", "body_length"),
            new Output.Column("SHA256", f -> f.path("body_sha256").asText().substring(0, 12) + "…"),
            Output.Column.of("HEADERS", "header_names"));

    @Command(name = "list", description = "List sources.", footerHeading = "%nExample:%n", footer = "  hookline sources list")
    int list(@Option(names = "--limit", defaultValue = "20") int limit, @Option(names = "--cursor") String cursor) {
        out().list(api().get("/v1/sources" + query("limit", limit, "cursor", cursor)), COLUMNS);
        return 0;
    }

    @Command(name = "get", description = "Show one source.", footerHeading = "%nExample:%n",
            footer = "  hookline sources get src_123")
    int get(@Parameters(paramLabel = "ID") String id) {
        out().object(api().get("/v1/sources/" + seg(id)));
        return 0;
    }

    @Command(name = "create", description = "Create a source; its ingest URL (with the token) is printed once.",
            footerHeading = "%nExample:%n", footer = {
            "  hookline sources create --name github-pushes --mode stream --scheme github --secret \"$GITHUB_SECRET\"",
            "  hookline sources create --data @source.json"})
    int create(@Option(names = "--name") String name,
               @Option(names = "--mode", description = "trigger or stream.") String mode,
               @Mixin SchemeOptions scheme,
               @Option(names = "--data", description = "The request (or the fields to add to it) as JSON: inline, @file or @-.") String data) {
        ObjectNode body = data != null ? (ObjectNode) jsonArgument(data, "--data") : ApiClient.JSON.createObjectNode();
        if (name != null) {
            body.put("name", name);
        }
        if (mode != null) {
            body.put("mode", mode);
        }
        if (!scheme.secrets.isEmpty()) {
            body.set("verification", scheme.json());
        }
        if ("stream".equals(body.path("mode").asText()) && !body.has("stream")) {
            body.putObject("stream").put("format", "json");
        }
        JsonNode created = api().post("/v1/sources", body);
        out().object(created);
        out().line("");
        out().line("Created " + created.path("id").asText() + ". Ingest URL (shown once): " + created.path("ingest_url").asText());
        return 0;
    }

    @Command(name = "rotate-token", description = "A new ingest URL; the old one works during the grace period.",
            footerHeading = "%nExample:%n", footer = "  hookline sources rotate-token src_123 --grace 3600")
    int rotateToken(@Parameters(paramLabel = "ID") String id, @Option(names = "--grace", paramLabel = "SECONDS") Long grace) {
        ObjectNode body = ApiClient.JSON.createObjectNode();
        if (grace != null) {
            body.put("grace_s", grace);
        }
        JsonNode rotated = api().post("/v1/sources/" + seg(id) + "/token/rotate", body);
        if (out().json()) {
            out().printJson(rotated);
        } else {
            out().line("New ingest URL of " + id + " (shown once): " + rotated.path("ingest_url").asText());
        }
        return 0;
    }

    @Command(name = "diagnose", description = "The signature doctor with the source's own settings and secrets: "
            + "why a captured request does (not) verify.", footerHeading = "%nExample:%n",
            footer = "  hookline sources diagnose src_123 --headers captured.headers --body captured.body --at 2026-12-01T10:00:00Z")
    int diagnose(@Parameters(paramLabel = "ID") String id, @Mixin CaptureOptions capture) {
        CaptureOptions.Captured c = capture.read(terminal());
        ObjectNode body = ApiClient.JSON.createObjectNode();
        body.set("headers", ApiClient.JSON.valueToTree(c.headers()));
        body.put("body_base64", Base64.getEncoder().encodeToString(c.body()));
        if (c.url() != null) {
            body.put("url", c.url());
        }
        if (c.at() != null) {
            body.put("received_at", c.at().toString());
        }
        return DiagnosisPrinter.print(out(), api().post("/v1/sources/" + seg(id) + "/diagnose", body));
    }

    @Command(name = "failures", description = "The source's last failed verifications (no values, no bodies).",
            footerHeading = "%nExample:%n", footer = "  hookline sources failures src_123")
    int failures(@Parameters(paramLabel = "ID") String id) {
        out().list(api().get("/v1/sources/" + seg(id) + "/verification-failures"), FAILURES);
        return 0;
    }
}
