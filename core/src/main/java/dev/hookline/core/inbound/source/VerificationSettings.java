package dev.hookline.core.inbound.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.crypto.SecretBox;
import dev.hookline.core.inbound.verify.SchemeConfig;
import dev.hookline.core.inbound.verify.VendorPreset;
import dev.hookline.core.inbound.verify.VendorPresets;
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

    /**
     * One mechanism ({@code {"scheme":…}}, as before) or several that must all pass: {@code {"all_of":[{"scheme":…},
     * {"scheme":…}]}} (2 to {@value #MAX_MECHANISMS}, each as a single one; at most one may take its secrets from a
     * {@code secret_arn}). The stored form of several is {@code {"all_of":[…],"secret_arn_index":i}}; its scheme
     * reads {@code "github+bearer"}.
     */
    public Checked check(JsonNode verification) {
        if (verification != null && verification.isObject() && verification.has("all_of")) {
            return checkAll(verification);
        }
        return checkOne(verification, "verification.");
    }

    /** Mechanisms one source may require at once: enough for signature + token + JWT, bounded work per call. */
    public static final int MAX_MECHANISMS = 4;
    static final String ALL_OF = "all_of";
    private static final String ARN_INDEX = "secret_arn_index";

    private Checked checkAll(JsonNode verification) {
        JsonNode all = verification.get(ALL_OF);
        if (verification.size() != 1) {
            throw invalid(List.of(new FieldError("verification", "give all_of alone (each mechanism inside it)")));
        }
        if (!all.isArray() || all.size() < 2 || all.size() > MAX_MECHANISMS) {
            throw invalid(List.of(new FieldError("verification.all_of",
                    "must be an array of 2 to " + MAX_MECHANISMS + " mechanisms")));
        }
        ObjectNode stored = SourceJson.MAPPER.createObjectNode();
        com.fasterxml.jackson.databind.node.ArrayNode configs = stored.putArray(ALL_OF);
        List<String> schemes = new ArrayList<>();
        String arn = null;
        for (int i = 0; i < all.size(); i++) {
            JsonNode one = all.get(i);
            String prefix = "verification.all_of[" + i + "].";
            if (one.isObject() && one.has(ALL_OF)) {
                throw invalid(List.of(new FieldError(prefix + ALL_OF, "mechanisms do not nest")));
            }
            Checked checked = checkOne(one, prefix);
            if (checked.secretArn() != null) {
                if (arn != null) {
                    throw invalid(List.of(new FieldError(prefix + "secret_arn", "only one mechanism may use secret_arn")));
                }
                arn = checked.secretArn();
                stored.put(ARN_INDEX, i);
            }
            if ("none".equals(checked.scheme())) {
                throw invalid(List.of(new FieldError(prefix + "scheme", "'none' adds nothing to other mechanisms")));
            }
            configs.add(checked.config());
            schemes.add(checked.scheme());
        }
        return new Checked(stored, String.join("+", schemes), arn);
    }

    private Checked checkOne(JsonNode verification, String prefix) {
        if (verification == null || !verification.isObject() || !verification.hasNonNull("scheme")) {
            throw invalid(List.of(new FieldError(prefix + "scheme", "is required")));
        }
        if (!verification.get("scheme").isTextual()) {
            throw invalid(List.of(new FieldError(prefix + "scheme", "must be a string")));
        }
        if (verification.has("secret_arn") && !verification.get("secret_arn").isTextual()) {
            throw invalid(List.of(new FieldError(prefix + "secret_arn", "must be a string")));
        }
        ObjectNode config = ((ObjectNode) verification).deepCopy();
        String arn = null;
        if (config.has("secret_arn")) {
            arn = config.remove("secret_arn").asText();
            if (!SECRET_ARN.matcher(arn).matches()) {
                throw invalid(List.of(new FieldError(prefix + "secret_arn", "must be a Secrets Manager secret ARN")));
            }
            if (!arn.substring(arn.indexOf(":secret:") + 8).startsWith(secretPrefix)) {
                throw invalid(List.of(new FieldError(prefix + "secret_arn",
                        "must name a secret whose name starts with '" + secretPrefix + "' (the only ones Hookline may read)")));
            }
            String field = secretField(config.path("scheme").asText());
            if (config.has(field)) {
                throw invalid(List.of(new FieldError(prefix + field, "give " + field + " or secret_arn, not both")));
            }
        }
        SchemeConfig parsed = parse(arn == null ? config : withSecrets(config, List.of(PLACEHOLDER)), prefix);
        if (config.hasNonNull("jwks_url")) {
            try {
                urlGuard.check(config.get("jwks_url").asText());
            } catch (UnsafeUrlException e) {
                throw invalid(List.of(new FieldError(prefix + "jwks_url", e.code() + ": " + e.getMessage())));
            }
        }
        List<FieldError> errors = new ArrayList<>();
        parsed.validate().forEach(e -> errors.add(new FieldError(prefix + e.field(), e.message())));
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return new Checked(config, config.get("scheme").asText(), arn);
    }

    /** {@link #credentialHeaders(JsonNode)} of a saved source (opened, never leaving this class). */
    public java.util.Set<String> credentialHeaders(Source source) {
        try {
            return credentialHeaders(SourceJson.MAPPER.readTree(box.get().openString(source.sealedVerification(),
                    SecretBox.associatedData(source.tenantId(), source.id()))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored verification settings of " + source.id() + " are not readable", e);
        }
    }

    /** The scheme names of stored settings ({@code "github+bearer"} for several), for presets and views. */
    public static List<String> schemes(String verificationScheme) {
        return verificationScheme == null ? List.of() : List.of(verificationScheme.split("\\+"));
    }

    /**
     * Header names that carry the source's credentials beyond the well-known ones (a generic HMAC or bearer
     * source names its own header): a record may never copy them.
     */
    public static java.util.Set<String> credentialHeaders(JsonNode verification) {
        java.util.Set<String> names = new java.util.HashSet<>();
        if (verification == null || !verification.isObject()) {
            return names;
        }
        List<JsonNode> mechanisms = new ArrayList<>();
        if (verification.has(ALL_OF) && verification.get(ALL_OF).isArray()) {
            verification.get(ALL_OF).forEach(mechanisms::add);
        } else {
            mechanisms.add(verification);
        }
        for (JsonNode m : mechanisms) {
            m.fieldNames().forEachRemaining(f -> {
                if ((f.equals("header") || f.endsWith("_header")) && m.get(f).isTextual() && !f.equals("timestamp_header")) {
                    names.add(m.get(f).asText().toLowerCase(java.util.Locale.ROOT));
                }
            });
        }
        return names;
    }

    /** The sealed settings under the current master key (lazy re-encryption after a key rotation). */
    public String resealed(String sealed, String tenantId, String sourceId) {
        SecretBox b = box.get();
        return b.needsReseal(sealed) ? b.reseal(sealed, SecretBox.associatedData(tenantId, sourceId)) : sealed;
    }

    public String seal(ObjectNode config, String tenantId, String sourceId) {
        return box.get().sealString(dev.hookline.core.wire.WireJson.write(config), SecretBox.associatedData(tenantId, sourceId));
    }

    /** The scheme configuration to verify with (a single-mechanism source); see {@link #openAll}. */
    public SchemeConfig open(Source source, Function<String, String> secretValue) {
        return openAll(source, secretValue).getFirst();
    }

    /**
     * Every mechanism the source requires, in the order given; secrets from Secrets Manager for the one that names
     * an ARN. All must pass: a call is refused at the first that does not.
     */
    public List<SchemeConfig> openAll(Source source, Function<String, String> secretValue) {
        try {
            ObjectNode config = (ObjectNode) SourceJson.MAPPER.readTree(box.get().openString(source.sealedVerification(),
                    SecretBox.associatedData(source.tenantId(), source.id())));
            List<ObjectNode> mechanisms = new ArrayList<>();
            int arnIndex = 0;
            if (config.has(ALL_OF)) {
                config.get(ALL_OF).forEach(m -> mechanisms.add((ObjectNode) m));
                arnIndex = config.path(ARN_INDEX).asInt(-1);
            } else {
                mechanisms.add(config);
            }
            if (source.secretArn() != null && arnIndex >= 0 && arnIndex < mechanisms.size()) {
                String value = secretValue.apply(source.secretArn()).strip();
                List<String> secrets = new ArrayList<>();
                if (value.startsWith("[")) {
                    SourceJson.MAPPER.readTree(value).forEach(s -> secrets.add(s.asText()));
                } else {
                    secrets.add(value);
                }
                mechanisms.set(arnIndex, withSecrets(mechanisms.get(arnIndex), secrets));
            }
            List<SchemeConfig> out = new ArrayList<>();
            for (ObjectNode m : mechanisms) {
                out.add(parse(m, "verification."));
            }
            return out;
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
            default -> VendorPresets.find(scheme).map(VendorPreset::keyField).orElse("secrets");
        };
    }

    private static SchemeConfig parse(ObjectNode config, String prefix) {
        try {
            return SourceJson.MAPPER.treeToValue(config, SchemeConfig.class);
        } catch (JsonProcessingException e) {
            // The parser's own message can quote a value, and values here are secrets: name the field only.
            if (e instanceof com.fasterxml.jackson.databind.exc.InvalidTypeIdException) {
                throw invalid(List.of(new FieldError(prefix + "scheme", "must be one of " + String.join(", ",
                        dev.hookline.core.inbound.verify.SchemeType.ids()))));
            }
            if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
                throw invalid(List.of(new FieldError(prefix + u.getPropertyName(),
                        "is not valid for scheme '" + config.path("scheme").asText() + "'")));
            }
            if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m && !m.getPath().isEmpty()) {
                String path = dev.hookline.core.wire.ApiJson.pathOf(m);
                throw invalid(List.of(new FieldError(prefix + path,
                        "must be " + dev.hookline.core.wire.ApiJson.expectedType(m.getTargetType()))));
            }
            throw invalid(List.of(new FieldError(prefix.substring(0, prefix.length() - 1), "is not valid for scheme '" + config.path("scheme").asText() + "'")));
        }
    }

    private static RuntimeException invalid(List<FieldError> errors) {
        return Problem.invalid("The verification settings are not valid.", errors).toException();
    }
}
