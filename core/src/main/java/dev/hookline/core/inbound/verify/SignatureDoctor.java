package dev.hookline.core.inbound.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.core.inbound.verify.Diagnosis.Finding;
import dev.hookline.core.inbound.verify.Verification.Reason;
import dev.hookline.core.problem.ProblemException;
import dev.hookline.core.signing.SigningSecret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The signature doctor: says why a captured request does not verify, and how to fix it. It never guesses where it can
 * prove: each suspected cause (a trailing newline, re-serialized JSON, a millisecond timestamp, the secret used as
 * text, svix-* headers mixed with webhook-*, a signature from another scheme, …) is tried by changing exactly that in
 * a copy of the request or the settings and running the real verification scheme on it. A finding is confirmed when
 * that copy verifies. The crypto is the schemes' own; findings never contain a secret or an expected signature.
 *
 * <p>Work is bounded: a fixed list of variants, each one verification (an HMAC over the body), JSON re-parsed only
 * below {@link BodyVariants#MAX_JSON_BYTES}.
 */
public final class SignatureDoctor {
    private static final Pattern STRIPE_FORMAT = Pattern.compile("\\s*t=\\d+\\s*,.*v1=.*");
    private static final Pattern GITHUB_FORMAT = Pattern.compile("(?i)\\s*sha(1|256)=[0-9a-f]+\\s*");
    private static final Pattern SLACK_FORMAT = Pattern.compile("(?i)\\s*v0=[0-9a-f]+\\s*");
    private static final Pattern STANDARD_FORMAT = Pattern.compile("\\s*v1a?,\\S+(\\s+\\S+)*");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchemeFactory schemes;

    public SignatureDoctor(SchemeFactory schemes) {
        this.schemes = schemes;
    }

    /** A doctor that never fetches keys (JWKS-backed JWT sources then report key_unavailable). */
    public static SignatureDoctor offline() {
        return new SignatureDoctor(SchemeFactory.withoutJwks());
    }

    /** The case at hand: what is configured, what came, when, and the time to try variants at. */
    private record Case(SchemeConfig config, DoctorLayout layout, InboundRequest request, Instant now,
                        Verification plain, Instant probeAt) {
        String scheme() {
            return config.type().id();
        }
    }

    public Diagnosis diagnose(SchemeConfig config, InboundRequest request, Instant now) {
        VerificationScheme scheme;
        try {
            scheme = schemes.create(config);
        } catch (ProblemException invalid) {
            return invalidSettings(config, request, now, invalid);
        }
        Verification plain = scheme.verify(request, now);
        if (plain.verified()) {
            return new Diagnosis(true, config.type().id(), plain.code(), plain.detail(), List.of());
        }
        Optional<DoctorLayout> layout = DoctorLayout.of(config);
        if (layout.isEmpty()) {
            return new Diagnosis(false, config.type().id(), plain.code(), plain.detail(), List.of(new Finding(plain.code(),
                    false, plain.detail(), "The " + config.type().id() + " scheme has no signature to diagnose; check the "
                    + "credential the sender sends against the source's settings.")));
        }
        Instant probeAt = ownTime(config, request, now);
        Case c = new Case(config, layout.get(), request, now, plain, probeAt);
        List<Finding> findings = new ArrayList<>();
        if (time(c, findings)) {
            return diagnosis(c, findings); // only the time is off: the signature itself is valid
        }
        headers(c, findings);
        format(c, findings);
        encoding(c, findings);
        messageId(c, findings);
        secrets(c, findings);
        body(c, findings);
        boolean missing = findings.stream().anyMatch(f -> f.code().equals("missing_header"));
        if (findings.stream().noneMatch(Finding::confirmed) && !missing) {
            findings.add(mismatch(c));
        }
        return diagnosis(c, findings);
    }

    private static Diagnosis diagnosis(Case c, List<Finding> findings) {
        return new Diagnosis(false, c.scheme(), c.plain().code(), c.plain().detail(), findings);
    }

    // ---------------------------------------------------------------- time

    /** True when the time is the only problem (the signature verifies at the request's own time). */
    private boolean time(Case c, List<Finding> findings) {
        Optional<String> stamp = c.layout().timestamp(c.request());
        if (stamp.isEmpty()) {
            return false;
        }
        String text = stamp.get();
        String where = c.layout().keyed() ? c.layout().timestampName() : "The " + timestampHeaderUsed(c) + " header";
        if (!DIGITS.matcher(text).matches()) {
            findings.add(new Finding("timestamp_not_seconds", false, where + " is not whole Unix seconds ("
                    + (text.matches("\\d{4}-\\d\\d-\\d\\d.*") ? "it looks like a date" : text.length() + " characters")
                    + "); " + c.scheme() + " signs and checks seconds since 1970.",
                    "Send the time as an integer of seconds, e.g. Math.floor(Date.now() / 1000) or int(time.time())."));
            return false;
        }
        if (text.length() >= 13 && text.length() <= 19) {
            long value = Long.parseLong(text);
            long seconds = value / (long) Math.pow(10, text.length() - 10);
            String unit = text.length() <= 13 ? "milliseconds" : text.length() <= 16 ? "microseconds" : "nanoseconds";
            String fix = "Send whole seconds (10 digits): Math.floor(Date.now() / 1000), int(time.time()), "
                    + "Instant.now().getEpochSecond(); not Date.now() or System.currentTimeMillis().";
            boolean signedSeconds = verifies(c.config(), DoctorRequests.withTimestamp(c.layout(), c.request(),
                    Long.toString(seconds)), Instant.ofEpochSecond(seconds));
            boolean signedUnit = signedOver(c, value);
            String message = where + " is " + text + ": a time in " + unit + " (" + text.length() + " digits); "
                    + c.scheme() + " signs whole Unix seconds (10 digits).";
            if (signedSeconds) {
                message += " The signature was made over the seconds: only the header is written in " + unit + ".";
            } else if (signedUnit) {
                message += " The sender signed the " + unit + " value too, so the signature cannot verify.";
            }
            findings.add(new Finding("timestamp_milliseconds", signedSeconds || signedUnit, message, fix));
            return false;
        }
        if (text.length() > 12) {
            return false;
        }
        long sentAt = Long.parseLong(text);
        long skew = sentAt - c.now().getEpochSecond();
        long tolerance = DoctorConfigs.tolerance(c.config()).orElse(Freshness.DEFAULT_TOLERANCE.toSeconds());
        boolean outside = c.plain().reason() == Reason.STALE_TIMESTAMP || c.plain().reason() == Reason.FUTURE_TIMESTAMP
                || Math.abs(skew) > tolerance;
        if (!outside) {
            return false;
        }
        boolean validAtItsTime = verifies(c.config(), c.request(), Instant.ofEpochSecond(sentAt));
        String message = where + " is " + Math.abs(skew) + " s (" + human(Math.abs(skew)) + ") "
                + (skew < 0 ? "behind" : "ahead of") + " the clock it was checked with; the window is ±" + tolerance + " s."
                + (validAtItsTime ? " The signature itself is valid: only the time is off." : "");
        String fix = skew < 0
                ? "If the request was captured earlier, diagnose it at the time it arrived (--at, or received_at). "
                + "Otherwise the sender's clock is behind or the request was replayed: sync the sender with NTP and "
                + "send each request fresh; raise tolerance_seconds only if such delays are expected."
                : "The sender's clock runs ahead of this one: sync it with NTP.";
        findings.add(new Finding("timestamp_skew", validAtItsTime, message, fix));
        return validAtItsTime;
    }

    private static String timestampHeaderUsed(Case c) {
        if (c.layout().standardWebhooks() && c.request().header(c.layout().timestampHeader()).isEmpty()) {
            return DoctorLayout.SVIX_PREFIX + "timestamp";
        }
        return c.layout().timestampHeader();
    }

    /** Whether a received signature is what the secret gives over the timestamp written as {@code value}. */
    private static boolean signedOver(Case c, long value) {
        List<String> secrets = DoctorConfigs.secrets(c.config());
        if (secrets.isEmpty()) {
            return false;
        }
        String id = c.layout().idHeader() == null ? "" : idUsed(c).orElse("");
        try {
            Map<String, String> signed = RequestSigner.sign(c.config(), c.request().rawBody(), id.isEmpty() ? "x" : id,
                    value, c.request().url());
            InboundRequest asSigned = InboundRequest.of("POST", c.request().url(), signed, new byte[0], "");
            return sameSignature(c.layout(), asSigned, c.request());
        } catch (RuntimeException cannotSign) {
            return false;
        }
    }

    private static boolean sameSignature(DoctorLayout layout, InboundRequest expected, InboundRequest received) {
        for (String want : layout.signatures(expected)) {
            for (String got : layout.signatures(received)) {
                Optional<byte[]> a = layout.encoding().decode(want);
                Optional<byte[]> b = layout.encoding().decode(got);
                if (a.isPresent() && b.isPresent() && MessageDigest.isEqual(a.get(), b.get())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String human(long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        if (seconds < 120) {
            return seconds + " seconds";
        }
        if (seconds < 7200) {
            return d.toMinutes() + " minutes";
        }
        if (seconds < 172800) {
            return d.toHours() + " hours";
        }
        return d.toDays() + " days";
    }

    // ---------------------------------------------------------------- headers

    private void headers(Case c, List<Finding> findings) {
        InboundRequest r = c.request();
        List<String> expected = new ArrayList<>();
        expected.add(c.layout().signatureHeader());
        if (c.layout().timestampHeader() != null) {
            expected.add(c.layout().timestampHeader());
        }
        if (c.layout().idHeader() != null) {
            expected.add(c.layout().idHeader());
        }
        boolean standard = c.layout().standardWebhooks();
        List<String> missing = new ArrayList<>();
        for (String name : expected) {
            boolean svixInstead = standard && r.header(svix(name)).isPresent()
                    && r.header(DoctorLayout.SVIX_PREFIX + "signature").isPresent()
                    && r.header(c.layout().signatureHeader()).isEmpty();
            if (r.header(name).isEmpty() && !svixInstead) {
                missing.add(name);
            }
        }
        if (standard) {
            mixedPrefixes(c, findings);
        }
        for (String name : missing) {
            for (String present : r.headers().keySet()) {
                if (!present.equalsIgnoreCase(name) && DoctorRequests.looseName(present).equals(DoctorRequests.looseName(name))
                        && !(standard && present.startsWith(DoctorLayout.SVIX_PREFIX))) {
                    boolean fixed = verifies(c.config(), DoctorRequests.renamed(r, present, name), c.probeAt());
                    findings.add(new Finding("header_name_variant", fixed, "The request has " + present + " where "
                            + c.scheme() + " reads " + name + (fixed ? "; under that name it verifies." : "."),
                            "Send the header as " + name + "."));
                }
            }
        }
        otherSchemes(c, findings);
        boolean explained = findings.stream().anyMatch(f -> f.code().equals("header_name_variant")
                || f.code().equals("mixed_header_names") || f.code().equals("other_scheme"));
        if (!missing.isEmpty() && !explained) {
            findings.add(new Finding("missing_header", false, "The request lacks " + String.join(", ", missing)
                    + ". It has: " + (r.headers().isEmpty() ? "no headers" : String.join(", ", r.headers().keySet())) + ".",
                    "The sender must send " + String.join(", ", expected) + (standard
                            ? " (Svix sends the same three as svix-id, svix-timestamp, svix-signature, also accepted)"
                            : "") + "; a proxy in between may drop headers it does not know."));
        }
    }

    private static String svix(String webhookName) {
        return webhookName.startsWith(DoctorLayout.WEBHOOK_PREFIX)
                ? DoctorLayout.SVIX_PREFIX + webhookName.substring(DoctorLayout.WEBHOOK_PREFIX.length()) : webhookName;
    }

    /** svix-* and webhook-* in one request: the scheme reads one set, so the other's values are ignored. */
    private void mixedPrefixes(Case c, List<Finding> findings) {
        InboundRequest r = c.request();
        List<String> parts = List.of("id", "timestamp", "signature");
        List<String> svix = parts.stream().filter(p -> r.header(DoctorLayout.SVIX_PREFIX + p).isPresent())
                .map(p -> DoctorLayout.SVIX_PREFIX + p).toList();
        List<String> webhook = parts.stream().filter(p -> r.header(DoctorLayout.WEBHOOK_PREFIX + p).isPresent())
                .map(p -> DoctorLayout.WEBHOOK_PREFIX + p).toList();
        if (svix.isEmpty() || webhook.isEmpty() || svix.size() + webhook.size() < 3 && svix.size() == webhook.size()) {
            return;
        }
        InboundRequest unified = r;
        for (String part : parts) {
            if (r.header(DoctorLayout.WEBHOOK_PREFIX + part).isEmpty() && r.header(DoctorLayout.SVIX_PREFIX + part).isPresent()) {
                unified = DoctorRequests.withHeader(unified, DoctorLayout.WEBHOOK_PREFIX + part,
                        r.header(DoctorLayout.SVIX_PREFIX + part).orElseThrow());
            }
        }
        boolean fixed = verifies(c.config(), unified, c.probeAt());
        findings.add(new Finding("mixed_header_names", fixed, "The request mixes header sets: " + String.join(", ", svix)
                + " with " + String.join(", ", webhook) + ". Standard Webhooks reads webhook-id, webhook-timestamp and "
                + "webhook-signature together (or all three svix-*), never a mix."
                + (fixed ? " With one set of names it verifies." : ""),
                "Send all three headers with the same prefix: webhook-* (Standard Webhooks) or svix-* (Svix)."));
    }

    private void otherSchemes(Case c, List<Finding> findings) {
        List<String> secrets = DoctorConfigs.secrets(c.config());
        for (Map.Entry<String, List<String>> header : c.request().headers().entrySet()) {
            SchemeType other = DoctorLayout.SIGNATURE_HEADERS.get(header.getKey());
            if (other == null || other.equals(c.config().type()) || githubsLegacyHeader(c.request(), header.getKey())) {
                continue;
            }
            boolean fixed = DoctorConfigs.asScheme(other, secrets).map(cfg -> verifies(cfg, c.request(),
                    ownTime(cfg, c.request(), c.now()))).orElse(false);
            findings.add(new Finding("other_scheme", fixed, "The request carries a " + other.id() + " signature ("
                    + header.getKey() + "), not a " + c.scheme() + " one" + (fixed
                    ? ", and it verifies as " + other.id() + " with this secret." : "."),
                    fixed ? "Verify with the " + other.id() + " scheme: set the source's verification.scheme (or --scheme) "
                            + "to " + other.id() + "."
                            : "This sender signs as " + other.id() + ": verify with that scheme and its secret."));
        }
    }

    // ---------------------------------------------------------------- signature format and encoding

    private void format(Case c, List<Finding> findings) {
        InboundRequest r = c.request();
        String header = c.layout().signatureHeader();
        Optional<String> value = r.header(header);
        if (value.isEmpty() && c.layout().standardWebhooks()) {
            header = DoctorLayout.SVIX_PREFIX + "signature";
            value = r.header(header);
        }
        if (value.isEmpty()) {
            return;
        }
        String v = value.get();
        List<String> secrets = DoctorConfigs.secrets(c.config());
        SchemeType type = c.config().type();
        if (!type.equals(VendorPresets.STRIPE.type()) && STRIPE_FORMAT.matcher(v).matches()) {
            otherFormat(c, findings, header, "Stripe", VendorPresets.STRIPE, v, secrets);
        } else if (!type.equals(VendorPresets.GITHUB.type()) && GITHUB_FORMAT.matcher(v).matches()) {
            otherFormat(c, findings, header, "GitHub", VendorPresets.GITHUB, v, secrets);
        } else if (!type.equals(VendorPresets.SLACK.type()) && SLACK_FORMAT.matcher(v).matches()) {
            otherFormat(c, findings, header, "Slack", VendorPresets.SLACK, v, secrets);
        } else if (!type.equals(SchemeType.STANDARD_WEBHOOKS) && STANDARD_FORMAT.matcher(v).matches()) {
            otherFormat(c, findings, header, "Standard Webhooks", SchemeType.STANDARD_WEBHOOKS, "webhook-signature", v,
                    secrets);
        }
        if (type.equals(SchemeType.STANDARD_WEBHOOKS) && v.strip().startsWith("v1=")) {
            boolean fixed = verifies(c.config(), DoctorRequests.withHeader(r, header, v.replace("v1=", "v1,")), c.probeAt());
            findings.add(new Finding("signature_format", fixed, header + " writes v1=<signature>; Standard Webhooks "
                    + "writes v1,<signature> (a comma)." + (fixed ? " With the comma it verifies." : ""),
                    "Write each signature as v1,<base64>, several separated by spaces."));
        }
        String prefix = c.layout().prefix();
        if (!prefix.isEmpty() && !v.strip().regionMatches(true, 0, prefix, 0, prefix.length())
                && !c.layout().standardWebhooks() && !c.layout().keyed()
                && c.layout().encoding().decode(v.strip()).isPresent()) {
            boolean fixed = verifies(c.config(), DoctorRequests.withHeader(r, header, prefix + v.strip()), c.probeAt());
            findings.add(new Finding("signature_format", fixed, header + " has no " + prefix + " prefix before the "
                    + "signature." + (fixed ? " With it the signature verifies." : ""),
                    "Write the header as " + prefix + "<signature>."));
        }
    }

    private void otherFormat(Case c, List<Finding> findings, String header, String vendor, VendorPreset other,
                             String value, List<String> secrets) {
        otherFormat(c, findings, header, vendor, other.type(), other.spec().layout().header(), value, secrets);
    }

    private void otherFormat(Case c, List<Finding> findings, String header, String vendor, SchemeType other,
                             String otherHeader, String value, List<String> secrets) {
        InboundRequest moved = DoctorRequests.withHeader(c.request(), otherHeader, value);
        boolean fixed = DoctorConfigs.asScheme(other, secrets)
                .map(cfg -> verifies(cfg, moved, ownTime(cfg, moved, c.now()))).orElse(false);
        findings.add(new Finding("signature_format", fixed, header + " holds a " + vendor + "-style signature ("
                + shape(other) + "), not a " + c.scheme() + " one" + (fixed ? "; as " + other.id()
                + " with this secret it verifies." : "."),
                fixed ? "The sender signs the " + other.id() + " way: verify with scheme " + other.id()
                        + " (its signature goes in " + otherHeader + "), or make the sender sign as " + c.scheme() + "."
                        : "Make the sender sign as " + c.scheme() + " expects, or verify with the scheme it uses."));
    }

    private static String shape(SchemeType type) {
        return switch (type.id()) {
            case "stripe" -> "t=…,v1=…";
            case "github" -> "sha256=…";
            case "slack" -> "v0=…";
            case "standard-webhooks" -> "v1,…";
            default -> type.id();
        };
    }

    /** GitHub still sends its legacy SHA-1 header (which Intercom uses too) beside X-Hub-Signature-256. */
    private static boolean githubsLegacyHeader(InboundRequest request, String header) {
        return header.equalsIgnoreCase(VendorPresets.INTERCOM.spec().layout().header())
                && request.header(VendorPresets.GITHUB.spec().layout().header()).isPresent();
    }

    private void encoding(Case c, List<Finding> findings) {
        DoctorLayout layout = c.layout();
        String header = c.request().header(layout.signatureHeader()).isPresent() ? layout.signatureHeader()
                : layout.standardWebhooks() ? DoctorLayout.SVIX_PREFIX + "signature" : null;
        if (header == null || c.request().header(header).isEmpty()) {
            return;
        }
        String value = c.request().header(header).orElseThrow();
        for (String token : layout.signatures(c.request())) {
            String converted = null;
            String was = null;
            if (layout.encoding() == SignatureEncoding.BASE64 && HEX.matcher(token).matches() && token.length() % 2 == 0
                    && token.length() >= 40) {
                converted = SignatureEncoding.BASE64.encode(SignatureEncoding.HEX.decode(token).orElseThrow());
                was = "hex";
            } else if (layout.encoding() == SignatureEncoding.HEX && !HEX.matcher(token).matches()
                    && SignatureEncoding.BASE64.decode(token).isPresent()) {
                converted = SignatureEncoding.HEX.encode(SignatureEncoding.BASE64.decode(token).orElseThrow());
                was = "base64";
            }
            if (converted == null) {
                continue;
            }
            boolean fixed = verifies(c.config(), DoctorRequests.withHeader(c.request(), header,
                    value.replace(token, converted)), c.probeAt());
            String expected = layout.encoding().id();
            findings.add(new Finding("signature_encoding", fixed, "The signature in " + header + " is " + was + "; "
                    + c.scheme() + " writes it as " + expected + "." + (fixed ? " Written as " + expected
                    + ", the same MAC verifies." : ""),
                    "Encode the HMAC bytes as " + expected + (expected.equals("base64")
                            ? " (e.g. base64.b64encode(mac.digest()), not hexdigest())"
                            : " (e.g. hexdigest(), digest('hex'), not base64)") + "."));
            return;
        }
    }

    // ---------------------------------------------------------------- message id

    private void messageId(Case c, List<Finding> findings) {
        if (c.layout().idHeader() == null) {
            return;
        }
        Optional<String> current = idUsed(c);
        String idHeader = c.layout().standardWebhooks() && c.request().header(c.layout().idHeader()).isEmpty()
                ? DoctorLayout.SVIX_PREFIX + "id" : c.layout().idHeader();
        Map<String, String> candidates = new LinkedHashMap<>();
        bodyId(c.request()).ifPresent(id -> candidates.put(id, "the body's \"id\""));
        if (c.layout().standardWebhooks()) {
            c.request().header(DoctorLayout.SVIX_PREFIX + "id").ifPresent(id -> candidates.putIfAbsent(id, "svix-id"));
            c.request().header("webhook-id").ifPresent(id -> candidates.putIfAbsent(id, "webhook-id"));
        }
        current.ifPresent(candidates::remove);
        for (Map.Entry<String, String> candidate : candidates.entrySet()) {
            if (verifies(c.config(), DoctorRequests.withHeader(c.request(), idHeader, candidate.getKey()), c.probeAt())) {
                findings.add(new Finding("message_id_changed", true, "The signature covers message id "
                        + candidate.getKey() + " (" + candidate.getValue() + "), but " + idHeader + " is "
                        + current.orElse("missing") + ": the id was changed after signing.",
                        "Forward " + idHeader + " exactly as the sender set it; whatever rewrote it (a proxy, a queue, "
                                + "your own code) must keep it, or the sender must sign the id it sends."));
                return;
            }
        }
    }

    private static Optional<String> idUsed(Case c) {
        Optional<String> id = c.request().header(c.layout().idHeader());
        return id.isPresent() || !c.layout().standardWebhooks() ? id
                : c.request().header(DoctorLayout.SVIX_PREFIX + "id");
    }

    private static Optional<String> bodyId(InboundRequest request) {
        if (request.rawBody().length > BodyVariants.MAX_JSON_BYTES) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(request.rawBody());
            return node != null && node.path("id").isTextual() ? Optional.of(node.get("id").asText()) : Optional.empty();
        } catch (java.io.IOException notJson) {
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- secrets

    private void secrets(Case c, List<Finding> findings) {
        List<String> secrets = DoctorConfigs.secrets(c.config());
        for (int i = 0; i < secrets.size(); i++) {
            String s = secrets.get(i);
            String which = secrets.size() == 1 ? "The secret" : "Secret #" + (i + 1);
            if (!s.equals(s.strip())) {
                trySecret(c, findings, i, s.strip(), "secret_whitespace", which + " has leading or trailing whitespace "
                        + "(a newline from a file or an environment variable).", "Trim the secret.");
            }
            switch (c.config().type().id()) {
                case "standard-webhooks" -> {
                    for (String text : List.of(s.strip(), s.strip().replaceFirst("^whsec_", ""))) {
                        asRawKey(text).ifPresent(raw -> trySecret(c, findings, secrets.size() == 1 ? 0 : -1, raw,
                                "secret_as_text", "The sender used the secret's text"
                                        + (text.startsWith("whsec_") ? "" : " after whsec_")
                                        + " as the HMAC key; Standard Webhooks keys are the bytes the base64 after "
                                        + "whsec_ decodes to.", "Decode the base64 after whsec_ and key the HMAC with "
                                        + "those bytes, or use a Standard Webhooks library (new Webhook(secret))."));
                    }
                }
                case "stripe" -> {
                    if (!s.strip().startsWith("whsec_")) {
                        trySecret(c, findings, i, "whsec_" + s.strip(), "secret_prefix", which + " lacks its whsec_ "
                                + "prefix: Stripe signs with the whole string, whsec_ included.",
                                "Use the signing secret exactly as Stripe shows it, whsec_… included.");
                    } else {
                        trySecret(c, findings, i, s.strip().substring(6), "secret_prefix", "The sender signs with the "
                                + "secret without its whsec_ prefix; Stripe signs with the whole string.",
                                "Sign with the whole secret, whsec_ included, as Stripe's libraries do.");
                    }
                }
                default -> decodedKey(c, findings, s, which);
            }
        }
    }

    /** {@code whsec_} + base64 of the text's bytes: the secret that makes the text itself the key. */
    private static Optional<String> asRawKey(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < SigningSecret.MIN_BYTES || bytes.length > SigningSecret.MAX_BYTES) {
            return Optional.empty();
        }
        return Optional.of(SigningSecret.PREFIX + Base64.getEncoder().encodeToString(bytes));
    }

    /** For text-keyed HMAC schemes: the sender may key with the base64-decoded bytes of the secret instead. */
    private void decodedKey(Case c, List<Finding> findings, String secret, String which) {
        Optional<SignatureSpec> spec = switch (c.config()) {
            case VendorConfig v -> v.preset().usesSecrets() ? Optional.of(v.spec()) : Optional.empty();
            case HmacConfig h -> Optional.of(h.spec());
            default -> Optional.empty();
        };
        Optional<byte[]> decoded = SignatureEncoding.BASE64.decode(secret.strip().replaceFirst("^whsec_", ""));
        if (spec.isEmpty() || decoded.isEmpty() || decoded.get().length == 0) {
            return;
        }
        SignatureScheme keyed = SignatureScheme.withSecrets(c.config().type(), spec.get(), List.of(decoded.get()));
        if (keyed.verify(c.request(), c.probeAt()).verified()) {
            findings.add(new Finding("secret_decoded", true, which + " is base64, and the signature was made with the "
                    + "bytes it decodes to; " + c.scheme() + " keys the HMAC with the secret's text as given.",
                    "Give the secret in the form the sender keys with: the decoded text, not its base64 (or make the "
                            + "sender use the text as the key)."));
        }
    }

    private void trySecret(Case c, List<Finding> findings, int index, String replacement, String code, String message,
                           String fix) {
        List<String> secrets = new ArrayList<>(DoctorConfigs.secrets(c.config()));
        if (index >= 0) {
            secrets.set(index, replacement);
        } else {
            secrets.add(replacement);
        }
        boolean fixed = DoctorConfigs.withSecrets(c.config(), secrets)
                .map(cfg -> verifies(cfg, c.request(), c.probeAt())).orElse(false);
        if (fixed && findings.stream().noneMatch(f -> f.code().equals(code) && f.confirmed())) {
            findings.add(new Finding(code, true, message, fix));
        }
    }

    // ---------------------------------------------------------------- body

    private void body(Case c, List<Finding> findings) {
        if (!c.layout().bodySigned()) {
            return; // e.g. Twilio signs the URL and form parameters, not the body's bytes
        }
        for (BodyVariants.Variant v : BodyVariants.of(c.request().rawBody())) {
            if (verifies(c.config(), DoctorRequests.withBody(c.request(), v.body()), c.probeAt())) {
                findings.add(new Finding(v.code(), true, v.message() + " Received " + c.request().rawBody().length
                        + " bytes; the sender signed " + v.body().length + ".", v.fix()));
                return;
            }
        }
    }

    // ---------------------------------------------------------------- nothing explained

    private static Finding mismatch(Case c) {
        int count = c.layout().signatures(c.request()).size();
        String header = c.layout().signatureHeader();
        String message = count == 0
                ? "No signature written as " + c.layout().prefix() + "<" + c.layout().encoding().id() + "> could be read "
                + "from " + header + "."
                : (count == 1 ? "The signature in " + header + " does not match" : "None of the " + count
                + " signatures in " + header + " matches") + " what this secret gives for this request, and no usual "
                + "change to the body, headers, time or secret explains it.";
        return new Finding("signature_mismatch", false, message, "Check that the secret is this sender's current one "
                + "(after a rotation the newest is in the sender's dashboard; several may be valid for a while), and "
                + "that nothing changed the body or headers between the sender and this check.");
    }

    // ---------------------------------------------------------------- settings that do not build

    private Diagnosis invalidSettings(SchemeConfig config, InboundRequest request, Instant now, ProblemException invalid) {
        List<Finding> findings = new ArrayList<>();
        if (config instanceof StandardWebhooksConfig sw) {
            for (int i = 0; i < sw.secrets().size(); i++) {
                String s = sw.secrets().get(i) == null ? "" : sw.secrets().get(i).strip();
                String reason;
                try {
                    SigningSecret.parse(s);
                    continue;
                } catch (IllegalArgumentException e) {
                    reason = e.getMessage();
                }
                Optional<String> raw = asRawKey(s);
                Optional<Diagnosis> asText = raw.map(k -> diagnose(new StandardWebhooksConfig(List.of(k), List.of(),
                        sw.toleranceSeconds()), request, now));
                boolean fixed = asText.map(Diagnosis::verified).orElse(false);
                findings.add(new Finding("secret_not_base64", fixed, (sw.secrets().size() == 1 ? "The secret" : "Secret #"
                        + (i + 1)) + " is not a Standard Webhooks secret (" + reason + "): those are whsec_ followed by "
                        + "base64 of 24 to 64 random bytes." + (fixed ? " The sender keys the HMAC with this text itself, "
                        + "and that verifies." : ""),
                        fixed ? "Use a real whsec_ secret on both sides (base64 of random bytes); a password-like text "
                                + "is not one. Meanwhile the text's base64, after whsec_, is the equivalent secret."
                                : "Copy the secret exactly as the sender shows it: whsec_ and the base64 after it."));
                asText.filter(d -> !d.verified()).ifPresent(d -> findings.addAll(d.findings()));
            }
        }
        if (findings.isEmpty()) {
            invalid.problem().errors().forEach(e -> findings.add(new Finding("invalid_settings", false,
                    e.field() + " " + e.message(), "Fix the " + config.type().id() + " settings.")));
        }
        return new Diagnosis(false, config.type().id(), "invalid_settings", invalid.problem().detail(), findings);
    }

    // ---------------------------------------------------------------- helpers

    private boolean verifies(SchemeConfig config, InboundRequest request, Instant at) {
        try {
            return schemes.create(config).verify(request, at).verified();
        } catch (ProblemException | IllegalArgumentException unusable) {
            return false;
        }
    }

    /** A scheme's own timestamp as the time to try it at, so that only the signature is compared. */
    private static Instant ownTime(SchemeConfig config, InboundRequest request, Instant now) {
        return DoctorLayout.of(config).flatMap(l -> l.timestamp(request))
                .filter(t -> DIGITS.matcher(t).matches() && t.length() <= 12)
                .map(t -> Instant.ofEpochSecond(Long.parseLong(t))).orElse(now);
    }
}
