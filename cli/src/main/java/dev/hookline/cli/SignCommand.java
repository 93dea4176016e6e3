package dev.hookline.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.inbound.verify.RequestSigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "sign", description = "Print the headers a sender of a scheme would add to a body.",
        footerHeading = "%nExample:%n", footer = {
        "  hookline sign --secret whsec_... --data '{\"type\":\"invoice.paid\"}'",
        "  hookline sign --scheme github --secret \"$SECRET\" --body payload.json"})
final class SignCommand extends Group implements Callable<Integer> {
    @Mixin
    SchemeOptions scheme;

    @Mixin
    BodyOptions body;

    @Option(names = "--id", description = "Message id (default: msg_ and random hex).")
    String id;

    @Option(names = "--timestamp", paramLabel = "SECONDS", description = "Unix seconds (default: now).")
    Long timestamp;

    @Option(names = "--url", description = "The URL the request goes to (hmac templates may sign it).")
    String url;

    @Override
    public Integer call() {
        Map<String, String> headers = headers(scheme, body.read(terminal()), id, timestamp, url);
        if (out().json()) {
            ObjectNode json = ApiClient.JSON.createObjectNode();
            headers.forEach(json::put);
            out().printJson(json);
        } else {
            headers.forEach((k, v) -> out().line(k + ": " + v));
        }
        return 0;
    }

    static Map<String, String> headers(SchemeOptions scheme, byte[] body, String id, Long timestamp, String url) {
        try {
            return RequestSigner.sign(scheme.config(), body, id != null ? id : newId(),
                    timestamp != null ? timestamp : Instant.now().getEpochSecond(), url == null ? "" : url);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
    }

    private static String newId() {
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        return "msg_" + HexFormat.of().formatHex(random);
    }
}
