package dev.hookline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.inbound.verify.Diagnosis;

/** The signature doctor's answer for people: the verdict, then each finding with its fix, confirmed ones first. */
final class DiagnosisPrinter {
    private DiagnosisPrinter() {
    }

    /** The API's shape of a diagnosis, so local and remote answers print (and --json) alike. */
    static JsonNode json(Diagnosis d) {
        ObjectNode out = ApiClient.JSON.createObjectNode().put("verified", d.verified()).put("explained", d.explained())
                .put("scheme", d.scheme()).put("reason", d.reason()).put("detail", d.detail());
        var findings = out.putArray("findings");
        d.findings().forEach(f -> findings.addObject().put("code", f.code()).put("confirmed", f.confirmed())
                .put("message", f.message()).put("fix", f.fix()));
        return out;
    }

    /** Prints it; returns the exit code (0 verified, 1 not). */
    static int print(Output out, JsonNode d) {
        if (out.json()) {
            out.printJson(d);
        } else if (d.path("verified").asBoolean()) {
            out.line("VERIFIED  " + d.path("scheme").asText() + ": " + d.path("detail").asText());
        } else {
            out.line("NOT VERIFIED  " + d.path("scheme").asText() + ": " + d.path("reason").asText() + " ("
                    + d.path("detail").asText() + ")");
            for (JsonNode f : d.path("findings")) {
                out.line("");
                out.line("  " + f.path("code").asText() + (f.path("confirmed").asBoolean()
                        ? "  [confirmed: undoing it makes the request verify]" : "  [not confirmed]"));
                out.line(wrap(f.path("message").asText(), "    "));
                out.line(wrap("Fix: " + f.path("fix").asText(), "    "));
            }
        }
        return d.path("verified").asBoolean() ? 0 : CliException.FAILED;
    }

    private static String wrap(String text, String indent) {
        StringBuilder out = new StringBuilder(indent);
        int column = indent.length();
        for (String word : text.split(" ")) {
            if (column + word.length() > 100 && column > indent.length()) {
                out.append('\n').append(indent);
                column = indent.length();
            } else if (column > indent.length()) {
                out.append(' ');
                column++;
            }
            out.append(word);
            column += word.length();
        }
        return out.toString();
    }
}
