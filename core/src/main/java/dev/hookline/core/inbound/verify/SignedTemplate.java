package dev.hookline.core.inbound.verify;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a sender signs, e.g. {@code {timestamp}.{body}}, Slack's {@code v0:{timestamp}:{body}}, Square's
 * {@code {url}{body}} or Twilio's {@code {url}{form}} (the form parameters sorted by name, each as name then value).
 *
 * <p>Parsed once into literal and placeholder parts so that rendering cannot be confused by a body that happens to
 * contain {@code {timestamp}}: the body is inserted as raw bytes and never re-scanned.
 */
public final class SignedTemplate {

    public enum Placeholder {
        BODY("{body}"),
        TIMESTAMP("{timestamp}"),
        ID("{id}"),
        URL("{url}"),
        FORM("{form}");

        private final String token;

        Placeholder(String token) {
            this.token = token;
        }

        public String token() {
            return token;
        }
    }

    /** The values a request supplies; the body stays bytes, the rest are header or URL text. */
    public record Values(byte[] body, String timestamp, String id, String url, String form) {

        public Values(byte[] body, String timestamp, String id, String url) {
            this(body, timestamp, id, url, null);
        }
    }

    public static final SignedTemplate BODY = parse("{body}");

    private final String source;
    private final List<Object> parts;
    private final Set<Placeholder> used;

    private SignedTemplate(String source, List<Object> parts, Set<Placeholder> used) {
        this.source = source;
        this.parts = List.copyOf(parts);
        this.used = used;
    }

    /**
     * @throws IllegalArgumentException for an unknown {@code {…}} placeholder, so a typo like {@code {timestmp}}
     *                                  fails at configuration time instead of silently signing the literal text
     */
    public static SignedTemplate parse(String template) {
        Objects.requireNonNull(template, "template");
        List<Object> parts = new ArrayList<>();
        Set<Placeholder> used = EnumSet.noneOf(Placeholder.class);
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            Placeholder match = null;
            if (template.charAt(i) == '{') {
                for (Placeholder p : Placeholder.values()) {
                    if (template.startsWith(p.token, i)) {
                        match = p;
                    }
                }
                if (match == null) {
                    throw new IllegalArgumentException("unknown placeholder at position " + i
                            + "; use {body}, {timestamp}, {id}, {url} or {form}");
                }
            }
            if (match == null) {
                literal.append(template.charAt(i++));
                continue;
            }
            if (!literal.isEmpty()) {
                parts.add(literal.toString().getBytes(StandardCharsets.UTF_8));
                literal.setLength(0);
            }
            parts.add(match);
            used.add(match);
            i += match.token.length();
        }
        if (!literal.isEmpty()) {
            parts.add(literal.toString().getBytes(StandardCharsets.UTF_8));
        }
        return new SignedTemplate(template, parts, used);
    }

    public boolean uses(Placeholder placeholder) {
        return used.contains(placeholder);
    }

    /** The byte pieces to MAC, in order; placeholders the request lacks render as empty. */
    byte[][] render(Values values) {
        byte[][] out = new byte[parts.size()][];
        for (int i = 0; i < parts.size(); i++) {
            out[i] = switch (parts.get(i)) {
                case byte[] literal -> literal;
                case Placeholder p -> switch (p) {
                    case BODY -> values.body();
                    case TIMESTAMP -> utf8(values.timestamp());
                    case ID -> utf8(values.id());
                    case URL -> utf8(values.url());
                    case FORM -> utf8(values.form());
                };
                default -> throw new IllegalStateException();
            };
        }
        return out;
    }

    /** Convenience for tests and signers: the concatenated content. */
    public byte[] renderBytes(Values values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : render(values)) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return source;
    }
}
