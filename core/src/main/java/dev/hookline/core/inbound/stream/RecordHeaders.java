package dev.hookline.core.inbound.stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.problem.Problem.FieldError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which request headers a stream record carries: the source's {@code stream.headers} allow-list, or, when it sets
 * none, the preset for its verification scheme (what that vendor puts only in headers: GitHub's event type, Stripe's
 * Connect account, …) plus the correlation ids every sender may pass. Credentials never travel: names that carry
 * them (Authorization, cookies, signatures, tokens, API keys) are refused in an allow-list with a 422.
 */
public final class RecordHeaders {
    /** Headers kept for every scheme when the source sets no list: they identify a call across systems. */
    static final List<String> COMMON = List.of("x-correlation-id", "x-request-id", "traceparent");
    /** What each vendor says only in headers. Data, not code: a scheme without an entry gets {@link #COMMON}. */
    static final Map<String, List<String>> PRESETS = Map.of(
            "github", List.of("x-github-event", "x-github-delivery", "x-github-hook-id",
                    "x-github-hook-installation-target-id", "x-github-hook-installation-target-type"),
            "stripe", List.of("stripe-account"),
            "shopify", List.of("x-shopify-topic", "x-shopify-shop-domain", "x-shopify-webhook-id",
                    "x-shopify-api-version", "x-shopify-event-id", "x-shopify-triggered-at"),
            "slack", List.of("x-slack-retry-num", "x-slack-retry-reason"),
            "twilio", List.of("i-twilio-idempotency-token"),
            "standard-webhooks", List.of("webhook-id", "webhook-timestamp"));
    static final int MAX_HEADERS = 20;
    static final int MAX_VALUE_CHARS = 1024;
    private static final Pattern NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}");
    /** A name that may carry a credential, whatever the vendor calls it. */
    private static final Pattern CREDENTIAL = Pattern.compile(
            "(?i).*(authorization|cookie|signature|secret|token|api[-_]?key|password|passwd|hmac|credential|session|"
                    + "x-amz-security).*");
    /** Exact names whose values are credentials or signatures but whose names do not say so. */
    private static final Set<String> CREDENTIAL_NAMES = Set.of("x-hub-signature", "x-hub-signature-256",
            "x-shopify-hmac-sha256", "x-twilio-signature", "stripe-signature", "x-slack-signature", "webhook-signature",
            "svix-signature", "proxy-authorization", "x-api-key", "x-auth", "x-forwarded-client-cert");

    private RecordHeaders() {
    }

    /** Errors of a {@code stream.headers} value; {@code credentialHeaders} are the source's own signature headers. */
    public static List<FieldError> validate(JsonNode headers, Set<String> credentialHeaders) {
        List<FieldError> errors = new ArrayList<>();
        if (!headers.isArray()) {
            errors.add(new FieldError("stream.headers", "must be an array of header names"));
            return errors;
        }
        if (headers.size() > MAX_HEADERS) {
            errors.add(new FieldError("stream.headers", "must name at most " + MAX_HEADERS + " headers"));
        }
        for (int i = 0; i < headers.size(); i++) {
            JsonNode h = headers.get(i);
            String field = "stream.headers[" + i + "]";
            if (!h.isTextual() || !NAME.matcher(h.textValue()).matches()) {
                errors.add(new FieldError(field, "must be an HTTP header name"));
            } else if (isCredential(h.textValue()) || credentialHeaders.contains(h.textValue().toLowerCase(Locale.ROOT))) {
                errors.add(new FieldError(field, "carries a credential or signature and is never copied into records"));
            }
        }
        return errors;
    }

    static boolean isCredential(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        // An idempotency token names a call, it does not authorize one (Twilio's I-Twilio-Idempotency-Token).
        String checked = lower.replace("idempotency-token", "idempotency");
        return CREDENTIAL_NAMES.contains(lower) || CREDENTIAL.matcher(checked).matches();
    }

    /** The names a source keeps, lower-cased: its own list, or its scheme's preset and the common ones. */
    public static List<String> allowList(JsonNode stream, List<String> schemes) {
        if (stream != null && stream.has("headers") && stream.get("headers").isArray()) {
            List<String> names = new ArrayList<>();
            stream.get("headers").forEach(h -> names.add(h.asText().toLowerCase(Locale.ROOT)));
            return names;
        }
        List<String> names = new ArrayList<>();
        for (String scheme : schemes) {
            names.addAll(PRESETS.getOrDefault(scheme, List.of()));
        }
        names.addAll(COMMON);
        return names;
    }

    /**
     * The kept headers of a call, in allow-list order, names lower-cased. A value is cut at {@link #MAX_VALUE_CHARS}
     * (headers are bounded at the gateway already; this bounds what each record repeats), and a credential name
     * that reached an allow-list saved before today's rules is still dropped.
     */
    public static Map<String, String> select(List<String> allowList, Map<String, String> headers) {
        Map<String, String> lower = new LinkedHashMap<>();
        headers.forEach((k, v) -> lower.putIfAbsent(k.toLowerCase(Locale.ROOT), v));
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : allowList) {
            String value = lower.get(name);
            if (value != null && !isCredential(name)) {
                out.put(name, value.length() > MAX_VALUE_CHARS ? value.substring(0, MAX_VALUE_CHARS) : value);
            }
        }
        return out;
    }
}
