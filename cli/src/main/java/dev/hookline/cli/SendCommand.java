package dev.hookline.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "send", description = {"Send a correctly signed request to an ingest URL, to test a source end to end.",
        "Exit 0 when it answers 2xx, 1 otherwise (its answer is printed)."},
        footerHeading = "%nExample:%n", footer = {
        "  hookline send --to https://hooks.example.com/in/TOKEN --scheme stripe --secret whsec_... --data @event.json",
        "  hookline send --to http://localhost:3000/in/TOKEN --secret whsec_... --data '{\"type\":\"ping\"}' -H 'Content-Type: application/json'"})
final class SendCommand extends Group implements Callable<Integer> {
    @Option(names = "--to", required = true, description = "The source's ingest URL.")
    String to;

    @Mixin
    SchemeOptions scheme;

    @Mixin
    BodyOptions body;

    @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'", description = "An extra header (repeatable).")
    List<String> extra = new ArrayList<>();

    @Option(names = "--id", description = "Message id (default: msg_ and random hex).")
    String id;

    @Override
    public Integer call() throws IOException, InterruptedException {
        byte[] bytes = body.read(terminal());
        Map<String, String> signed = SignCommand.headers(scheme, bytes, id, null, to);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri()).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        boolean contentType = false;
        for (String h : extra) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw CliException.usage("-H takes 'Name: value', not " + h);
            }
            contentType |= h.substring(0, colon).strip().equalsIgnoreCase("content-type");
            request.header(h.substring(0, colon).strip(), h.substring(colon + 1).strip());
        }
        if (!contentType) {
            request.header("Content-Type", "application/json");
        }
        signed.forEach(request::header);
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw CliException.failed("Cannot reach " + to + ": " + e);
        }
        if (out().json()) {
            var json = ApiClient.JSON.createObjectNode().put("status", response.statusCode());
            json.put("body", response.body());
            out().printJson(json);
        } else {
            out().line("HTTP " + response.statusCode() + "  " + response.body());
        }
        return response.statusCode() / 100 == 2 ? 0 : CliException.FAILED;
    }

    private URI uri() {
        try {
            URI uri = URI.create(to);
            if (uri.getScheme() == null || !uri.getScheme().matches("https?")) {
                throw CliException.usage("--to must be an http(s) URL.");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--to is not a URL: " + e.getMessage());
        }
    }
}
