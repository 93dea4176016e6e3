package dev.hookline.core.inbound.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.crypto.SecretBox;
import dev.hookline.core.inbound.verify.SchemeConfig;
import dev.hookline.core.outbound.UnsafeUrlException;
import dev.hookline.core.outbound.UrlGuard;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.Problem.FieldError;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A source's verification settings: checked when saved, sealed at rest (secrets and all), opened at ingest.
 * With {@code secret_arn} the secrets come from Secrets Manager at ingest time (the value is one secret, or
 * a JSON array of secrets during the sender's rotation), never stored by Hookline.
 */
public final class VerificationSettings {
    private static final Pattern SECRET_ARN = Pattern.compile("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+");
    /** Stands in for a Secrets Manager value while the rest of the settings are checked. */
    private static final String PLACEHOLDER = "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    private final Supplier<SecretBox> box;
    private final String secretPrefix;
    private final UrlGuard urlGuard;

    /**
     * @param secretPrefix the name prefix of secrets sources may reference (the only ones ingest may read)
     * @param urlGuard     the outbound guard a JWKS URL must pass, as endpoint URLs do
     */
    public VerificationSettings(Supplier<SecretBox> box, String secretPrefix, UrlGuard urlGuard) {
        this.box = box;
        this.secretPrefix = secretPrefix;
        this.urlGuard = urlGuard;
    }

    /** The validated settings with the ARN split off; 422 with field errors if they cannot be used. */
    public record Checked(ObjectNode config, String scheme, String secretArn) {
    }

    public Checked check(JsonNode verification) {
        if (verification == null || !verification.isObject() || !verification.hasNonNull("scheme")) {
            throw invalid(List.of(new FieldError("verification.scheme", "is required")));
        }
        if (!verification.get("scheme").isTextual()) {
            throw invalid(List.of(new FieldError("verification.scheme", "must be a string")));
        }
        if (verification.has("secret_arn") && !verification.get("secret_arn").isTextual()) {
            throw invalid(List.of(new FieldError("verification.secret_arn", "must be a string")));
        }
        ObjectNode config = ((ObjectNode) verification).deepCopy();
        String arn = null;
        if (config.has("secret_arn")) {
            arn = config.remove("secret_arn").asText();
            if (!SECRET_ARN.matcher(arn).matches()) {
                throw invalid(List.of(new FieldError("verification.secret_arn", "must be a Secrets Manager secret ARN")));
            }
            if (!arn.substring(arn.indexOf(":secret:") + 8).startsWith(secretPrefix)) {
                throw invalid(List.of(new FieldError("verification.secret_arn",
                        "must name a secret whose name starts with '" + secretPrefix + "' (the only ones Hookline may read)")));
            }
            String field = secretField(config.path("scheme").asText());
            if (config.has(field)) {
                throw invalid(List.of(new FieldError("verification." + field, "give " + field + " or secret_arn, not both")));
            }
        }
        SchemeConfig parsed = parse(arn == null ? config : withSecrets(config, List.of(PLACEHOLDER)));
        if (config.hasNonNull("jwks_url")) {
            try {
                urlGuard.check(config.get("jwks_url").asText());
            } catch (UnsafeUrlException e) {
                throw invalid(List.of(new FieldError("verification.jwks_url", e.code() + ": " + e.getMessage())));
            }
        }
        List<FieldError> errors = new ArrayList<>();
        parsed.validate().forEach(e -> errors.add(new FieldError("verification." + e.field(), e.message())));
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return new Checked(config, config.get("scheme").asText(), arn);
    }

    /** The sealed settings under the current master key (lazy re-encryption after a key rotation). */
    public String resealed(String sealed, String tenantId, String sourceId) {
        SecretBox b = box.get();
        return b.needsReseal(sealed) ? b.reseal(sealed, SecretBox.associatedData(tenantId, sourceId)) : sealed;
    }

    public String seal(ObjectNode config, String tenantId, String sourceId) {
        return box.get().sealString(dev.hookline.core.wire.WireJson.write(config), SecretBox.associatedData(tenantId, sourceId));
    }

    /** The scheme configuration to verify with; secrets from Secrets Manager when the source names an ARN. */
    public SchemeConfig open(Source source, Function<String, String> secretValue) {
        try {
            ObjectNode config = (ObjectNode) SourceJson.MAPPER.readTree(box.get().openString(source.sealedVerification(),
                    SecretBox.associatedData(source.tenantId(), source.id())));
            if (source.secretArn() != null) {
                String value = secretValue.apply(source.secretArn()).strip();
                List<String> secrets = new ArrayList<>();
                if (value.startsWith("[")) {
                    SourceJson.MAPPER.readTree(value).forEach(s -> secrets.add(s.asText()));
                } else {
                    secrets.add(value);
                }
                config = withSecrets(config, secrets);
            }
            return parse(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored verification settings of " + source.id() + " are not readable", e);
        }
    }

    private static ObjectNode withSecrets(ObjectNode config, List<String> secrets) {
        ObjectNode copy = config.deepCopy();
        copy.set(secretField(config.path("scheme").asText()), SourceJson.MAPPER.valueToTree(secrets));
        return copy;
    }

    /** Where each scheme keeps the values a Secrets Manager secret stands for. */
    private static String secretField(String scheme) {
        return switch (scheme) {
            case "bearer" -> "tokens";
            case "jwt" -> "hmac_secrets";
            default -> "secrets";
        };
    }

    private static SchemeConfig parse(ObjectNode config) {
        try {
            return SourceJson.MAPPER.treeToValue(config, SchemeConfig.class);
        } catch (JsonProcessingException e) {
            // The parser's own message can quote a value, and values here are secrets: name the field only.
            if (e instanceof com.fasterxml.jackson.databind.exc.InvalidTypeIdException) {
                throw invalid(List.of(new FieldError("verification.scheme", "must be one of " + String.join(", ",
                        java.util.Arrays.stream(dev.hookline.core.inbound.verify.SchemeType.values())
                                .map(dev.hookline.core.inbound.verify.SchemeType::id).toList()))));
            }
            if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
                throw invalid(List.of(new FieldError("verification." + u.getPropertyName(),
                        "is not valid for scheme '" + config.path("scheme").asText() + "'")));
            }
            if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m && !m.getPath().isEmpty()) {
                String path = dev.hookline.core.wire.ApiJson.pathOf(m);
                throw invalid(List.of(new FieldError("verification." + path,
                        "must be " + dev.hookline.core.wire.ApiJson.expectedType(m.getTargetType()))));
            }
            throw invalid(List.of(new FieldError("verification", "is not valid for scheme '" + config.path("scheme").asText() + "'")));
        }
    }

    private static RuntimeException invalid(List<FieldError> errors) {
        return Problem.invalid("The verification settings are not valid.", errors).toException();
    }
}
