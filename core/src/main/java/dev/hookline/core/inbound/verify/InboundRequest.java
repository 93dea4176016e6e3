package dev.hookline.core.inbound.verify;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An inbound webhook request as the verification schemes see it.
 *
 * <p>The body is kept as the exact bytes received because every vendor signs the wire bytes; decoding and re-encoding
 * (charset, JSON normalisation) would break signatures. Header names are stored lower-cased since HTTP header names
 * are case-insensitive and gateways disagree on casing. {@code url} must be the full public URL the sender called
 * (scheme, host, path and query as sent): Twilio and Square sign it. Form parameters are parsed from the body when
 * the content type is {@code application/x-www-form-urlencoded} because Twilio signs the sorted, decoded parameters.
 *
 * @param formParams decoded form parameters in body order, empty for other content types; pass {@code null} to have
 *                   them parsed from the body
 */
public record InboundRequest(String method, String url, Map<String, List<String>> headers, byte[] body,
                             String sourceIp, Map<String, List<String>> formParams) {

    public static final String FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";

    public InboundRequest {
        method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
        Objects.requireNonNull(url, "url");
        headers = lowerCased(Objects.requireNonNull(headers, "headers"));
        body = Objects.requireNonNull(body, "body").clone();
        sourceIp = sourceIp == null ? "" : sourceIp;
        formParams = formParams == null ? parseForm(headers, body) : copy(formParams);
    }

    /** Single-valued headers, as most gateways hand them over; form parameters are parsed from the body. */
    public static InboundRequest of(String method, String url, Map<String, String> headers, byte[] body,
                                    String sourceIp) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        headers.forEach((name, value) -> multi.computeIfAbsent(name, n -> new ArrayList<>()).add(value));
        return new InboundRequest(method, url, multi, body, sourceIp, null);
    }

    public static InboundRequest of(String method, String url, Map<String, String> headers, String body,
                                    String sourceIp) {
        return of(method, url, headers, body.getBytes(StandardCharsets.UTF_8), sourceIp);
    }

    /** A copy, so no scheme can alter what the next one (or the event store) sees. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** Package-private zero-copy view for the schemes, which only read it. */
    byte[] rawBody() {
        return body;
    }

    /** The first value of a header, looked up case-insensitively; blank values count as absent. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        if (values == null || values.isEmpty() || values.getFirst() == null || values.getFirst().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(values.getFirst().strip());
    }

    public List<String> headerValues(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** True when the media type (ignoring parameters such as charset) equals {@code mediaType}. */
    public boolean hasContentType(String mediaType) {
        return header("content-type")
                .map(v -> v.split(";", 2)[0].strip().equalsIgnoreCase(mediaType))
                .orElse(false);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InboundRequest other
                && method.equals(other.method) && url.equals(other.url) && headers.equals(other.headers)
                && Arrays.equals(body, other.body) && sourceIp.equals(other.sourceIp)
                && formParams.equals(other.formParams);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, url, headers, Arrays.hashCode(body), sourceIp, formParams);
    }

    /** Header values, the query and the body can all carry credentials, so only their shape is shown. */
    @Override
    public String toString() {
        int query = url.indexOf('?');
        return "InboundRequest[" + method + " " + (query < 0 ? url : url.substring(0, query) + "?…")
                + ", headers=" + headers.keySet() + ", body=" + body.length + " bytes, sourceIp=" + sourceIp + "]";
    }

    private static Map<String, List<String>> lowerCased(Map<String, ? extends Collection<String>> headers) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            if (name != null && values != null) {
                List<String> merged = out.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>());
                values.stream().filter(Objects::nonNull).forEach(merged::add);
            }
        });
        return freeze(out);
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> params) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        params.forEach((name, values) -> out.put(name, new ArrayList<>(values)));
        return freeze(out);
    }

    private static Map<String, List<String>> parseForm(Map<String, List<String>> headers, byte[] body) {
        List<String> contentType = headers.getOrDefault("content-type", List.of());
        if (contentType.isEmpty()
                || !contentType.getFirst().split(";", 2)[0].strip().equalsIgnoreCase(FORM_CONTENT_TYPE)) {
            return Map.of();
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        try {
            for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
        } catch (IllegalArgumentException malformedPercentEncoding) {
            // Not a form body after all; signatures over parameters will simply not match.
            return Map.of();
        }
        return freeze(out);
    }

    private static Map<String, List<String>> freeze(Map<String, List<String>> map) {
        map.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(map);
    }
}
