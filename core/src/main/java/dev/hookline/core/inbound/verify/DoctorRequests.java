package dev.hookline.core.inbound.verify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Copies of a captured request with one thing changed, for the signature doctor to try. */
final class DoctorRequests {

    private DoctorRequests() {
    }

    static InboundRequest withHeader(InboundRequest request, String name, String value) {
        Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
        headers.put(name.toLowerCase(Locale.ROOT), List.of(value));
        return new InboundRequest(request.method(), request.url(), headers, request.rawBody(), request.sourceIp(), null);
    }

    static InboundRequest renamed(InboundRequest request, String from, String to) {
        Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
        List<String> values = headers.remove(from.toLowerCase(Locale.ROOT));
        if (values != null) {
            headers.put(to.toLowerCase(Locale.ROOT), values);
        }
        return new InboundRequest(request.method(), request.url(), headers, request.rawBody(), request.sourceIp(), null);
    }

    static InboundRequest withBody(InboundRequest request, byte[] body) {
        return new InboundRequest(request.method(), request.url(), request.headers(), body, request.sourceIp(), null);
    }

    /** The request with its signed timestamp written as {@code text}, wherever the scheme carries it. */
    static InboundRequest withTimestamp(DoctorLayout layout, InboundRequest request, String text) {
        if (layout.keyed()) {
            return withHeader(request, layout.signatureHeader(),
                    layout.withTimestamp(request.header(layout.signatureHeader()).orElse(""), text));
        }
        if (layout.standardWebhooks() && request.header(layout.timestampHeader()).isEmpty()) {
            return withHeader(request, DoctorLayout.SVIX_PREFIX + "timestamp", text);
        }
        return layout.timestampHeader() == null ? request : withHeader(request, layout.timestampHeader(), text);
    }

    /** A header name as people misspell it: case, a leading {@code x-}, and {@code _} for {@code -} do not count. */
    static String looseName(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace('_', '-');
        return n.startsWith("x-") ? n.substring(2) : n;
    }
}
