package dev.hookline.core.inbound.verify;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The spellings of a URL with and without its scheme's default port. Twilio signs whatever URL its side built, which
 * sometimes carries {@code :443}/{@code :80} and sometimes not, so its official validator tries both; we do the same.
 * Only the authority is rewritten, on the original string, so path and query bytes stay exactly as signed.
 * Non-default ports are never dropped: a signature for {@code :1234} must not validate for the port-less URL.
 */
final class DefaultPorts {

    private DefaultPorts() {
    }

    /** The URL as given first, then its variant (if it is http/https and parses); never empty. */
    static Set<String> variants(String url) {
        Set<String> out = new LinkedHashSet<>();
        out.add(url);
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return out;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int defaultPort = switch (scheme) {
            case "https" -> 443;
            case "http" -> 80;
            default -> -1;
        };
        String authority = uri.getRawAuthority();
        int start = url.indexOf("://") + 3;
        if (defaultPort < 0 || authority == null || start < 3 || !url.startsWith(authority, start)) {
            return out;
        }
        String before = url.substring(0, start);
        String after = url.substring(start + authority.length());
        if (uri.getPort() == -1) {
            out.add(before + authority + ":" + defaultPort + after);
        } else if (uri.getPort() == defaultPort) {
            String suffix = ":" + defaultPort;
            if (authority.endsWith(suffix)) {
                out.add(before + authority.substring(0, authority.length() - suffix.length()) + after);
            }
        }
        return out;
    }
}
