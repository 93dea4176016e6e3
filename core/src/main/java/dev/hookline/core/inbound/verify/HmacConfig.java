package dev.hookline.core.inbound.verify;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.hookline.core.problem.Problem.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * The generic HMAC scheme for senders without a preset: the same {@link SignatureSpec} a vendor preset holds, given
 * field by field, e.g. {@code SHA-256}, hex, {@code X-Signature}, prefix {@code v1=}, template
 * {@code {timestamp}.{body}} with {@code X-Timestamp}.
 *
 * @param algorithm       {@code SHA-1}, {@code SHA-256} (default) or {@code SHA-512}
 * @param prefix          text before each signature in the header, e.g. {@code sha256=}; may be absent
 * @param encoding        {@code hex} (default) or {@code base64}
 * @param template        signed content with {@code {body}}, {@code {timestamp}}, {@code {id}}, {@code {url}};
 *                        default {@code {body}}
 * @param timestampHeader header with whole Unix seconds; requires {@code {timestamp}} in the template
 * @param idHeader        header supplying {@code {id}}
 */
@JsonIgnoreProperties("scheme")
public record HmacConfig(List<String> secrets, String algorithm, String header, String prefix, String encoding,
                         String template, String timestampHeader, String idHeader, Integer toleranceSeconds)
        implements SchemeConfig {

    private static final int MAX_TEMPLATE = 200;
    private static final int MAX_PREFIX = 32;

    public HmacConfig {
        secrets = ConfigChecks.list(secrets);
        algorithm = algorithm == null ? HmacAlgorithm.SHA256.id() : algorithm;
        prefix = prefix == null ? "" : prefix;
        encoding = encoding == null ? SignatureEncoding.HEX.id() : encoding;
        template = template == null ? "{body}" : template;
        toleranceSeconds = toleranceSeconds == null ? ConfigChecks.DEFAULT_TOLERANCE_SECONDS : toleranceSeconds;
    }

    @Override
    public SchemeType type() {
        return SchemeType.HMAC;
    }

    @Override
    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        ConfigChecks.secrets(secrets, "secrets", 1, ConfigChecks.MAX_SECRETS, errors);
        if (HmacAlgorithm.parse(algorithm).isEmpty()) {
            errors.add(new FieldError("algorithm", "must be one of SHA-1, SHA-256, SHA-512"));
        }
        ConfigChecks.headerName(header, "header", true, errors);
        // Signatures are split on commas (several per header during rotation), so a prefix cannot contain one.
        if (prefix.length() > MAX_PREFIX || prefix.contains(",") || !prefix.strip().equals(prefix)) {
            errors.add(new FieldError("prefix",
                    "must be at most " + MAX_PREFIX + " characters without commas or surrounding spaces"));
        }
        if (SignatureEncoding.parse(encoding).isEmpty()) {
            errors.add(new FieldError("encoding", "must be hex or base64"));
        }
        ConfigChecks.headerName(timestampHeader, "timestamp_header", false, errors);
        ConfigChecks.headerName(idHeader, "id_header", false, errors);
        validateTemplate(errors);
        ConfigChecks.tolerance(toleranceSeconds, "tolerance_seconds", errors);
        return errors;
    }

    private void validateTemplate(List<FieldError> errors) {
        if (template.length() > MAX_TEMPLATE) {
            errors.add(new FieldError("template", "must be at most " + MAX_TEMPLATE + " characters"));
            return;
        }
        SignedTemplate parsed;
        try {
            parsed = SignedTemplate.parse(template);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("template", e.getMessage()));
            return;
        }
        if (!parsed.uses(SignedTemplate.Placeholder.BODY)) {
            errors.add(new FieldError("template", "must contain {body}"));
        }
        if (parsed.uses(SignedTemplate.Placeholder.TIMESTAMP) != (timestampHeader != null)) {
            // A timestamp that is not signed can be changed by anyone, so checking its freshness would prove nothing.
            errors.add(new FieldError("timestamp_header",
                    "must be set exactly when the template contains {timestamp}"));
        }
        if (parsed.uses(SignedTemplate.Placeholder.ID) != (idHeader != null)) {
            errors.add(new FieldError("id_header", "must be set exactly when the template contains {id}"));
        }
    }

    SignatureScheme build() {
        return SignatureScheme.withSecrets(SchemeType.HMAC, spec(), MacKeys.utf8(secrets));
    }

    /** The validated settings as a spec (shared with the signer and the signature doctor). */
    SignatureSpec spec() {
        return new SignatureSpec(SignatureAlgorithm.hmac(HmacAlgorithm.parse(algorithm).orElseThrow()),
                SignatureLayout.list(header, prefix), SignatureEncoding.parse(encoding).orElseThrow(),
                SignedTemplate.parse(template),
                timestampHeader == null ? TimestampRule.NONE : TimestampRule.header(timestampHeader), idHeader,
                ConfigChecks.seconds(toleranceSeconds), null, false);
    }

    @Override
    public String toString() {
        return "HmacConfig[secrets=" + ConfigChecks.redacted(secrets) + ", algorithm=" + algorithm + ", header="
                + header + ", prefix=" + prefix + ", encoding=" + encoding + ", template=" + template
                + ", timestampHeader=" + timestampHeader + ", idHeader=" + idHeader + ", toleranceSeconds="
                + toleranceSeconds + "]";
    }
}
