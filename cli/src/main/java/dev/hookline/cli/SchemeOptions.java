package dev.hookline.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.inbound.source.SourceJson;
import dev.hookline.core.inbound.verify.SchemeConfig;
import dev.hookline.core.inbound.verify.SchemeType;
import dev.hookline.core.inbound.verify.VendorPreset;
import dev.hookline.core.inbound.verify.VendorPresets;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A verification scheme and its secret(s), as flags: the same settings a source's {@code verification} holds. */
final class SchemeOptions {
    @Option(names = "--scheme", defaultValue = "standard-webhooks", description = "standard-webhooks (default), "
            + "hmac, or a vendor: stripe, github, shopify, slack, twilio, square, pagerduty, zoom, paddle, linear, "
            + "intercom, segment, sendgrid.")
    String scheme;

    @Option(names = "--secret", description = "The signing secret (repeatable while a sender rotates); for a vendor "
            + "that signs with a private key (sendgrid), its public key.")
    List<String> secrets = new ArrayList<>();

    @Option(names = "--tolerance", paramLabel = "SECONDS", description = "Timestamp window (default 300).")
    Integer tolerance;

    @Option(names = "--hmac-header", description = "hmac: the signature header.")
    String hmacHeader;

    @Option(names = "--hmac-prefix", description = "hmac: text before the signature, e.g. sha256=.")
    String hmacPrefix;

    @Option(names = "--hmac-encoding", description = "hmac: hex (default) or base64.")
    String hmacEncoding;

    @Option(names = "--hmac-algorithm", description = "hmac: SHA-256 (default), SHA-1 or SHA-512.")
    String hmacAlgorithm;

    @Option(names = "--hmac-template", description = "hmac: what is signed, e.g. '{timestamp}.{body}' (default {body}).")
    String hmacTemplate;

    @Option(names = "--hmac-timestamp-header", description = "hmac: the header with the signed timestamp.")
    String hmacTimestampHeader;

    @Option(names = "--hmac-id-header", description = "hmac: the header with the signed id.")
    String hmacIdHeader;

    /** The settings as the API takes them under {@code verification}. */
    ObjectNode json() {
        if (secrets.isEmpty()) {
            throw CliException.usage("--secret is required.");
        }
        ObjectNode config = SourceJson.MAPPER.createObjectNode().put("scheme", scheme);
        Optional<VendorPreset> preset = VendorPresets.find(scheme);
        config.set(preset.map(VendorPreset::keyField).orElse("secrets"), SourceJson.MAPPER.valueToTree(secrets));
        if (tolerance != null) {
            config.put("tolerance_seconds", tolerance);
        }
        if ("hmac".equals(scheme)) {
            putIf(config, "header", hmacHeader);
            putIf(config, "prefix", hmacPrefix);
            putIf(config, "encoding", hmacEncoding);
            putIf(config, "algorithm", hmacAlgorithm);
            putIf(config, "template", hmacTemplate);
            putIf(config, "timestamp_header", hmacTimestampHeader);
            putIf(config, "id_header", hmacIdHeader);
        } else if (hmacHeader != null || hmacTemplate != null || hmacPrefix != null) {
            throw CliException.usage("--hmac-* options go with --scheme hmac.");
        }
        if (preset.isPresent() && !preset.get().timestamped()) {
            config.remove("tolerance_seconds"); // the vendor signs no time: a window would mean nothing
        }
        return config;
    }

    SchemeConfig config() {
        ObjectNode json = json();
        try {
            return SourceJson.MAPPER.treeToValue(json, SchemeConfig.class);
        } catch (JsonProcessingException e) {
            throw CliException.usage("--scheme " + scheme + " is not one of " + String.join(", ", SchemeType.ids())
                    + " (or its options do not fit it).");
        }
    }

    private static void putIf(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
