package dev.hookline.core.inbound.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a sender writes its signature header. Two shapes cover every supported vendor:
 * <ul>
 *   <li>a list: {@code prefix + signature}, several separated by commas during a rotation (GitHub {@code sha256=…},
 *       Slack {@code v0=…}, PagerDuty {@code v1=…,v1=…}, Shopify's bare base64);</li>
 *   <li>keyed pairs: {@code t=…,v1=…,v1=…} (Stripe) or {@code ts=…;h1=…} (Paddle), with the signed timestamp
 *       carried in the same header.</li>
 * </ul>
 *
 * @param prefix        list shape: text before each signature, matched case-insensitively; empty for none
 * @param timestampKey  keyed shape: the key of the timestamp, or {@code null} for the list shape
 * @param signatureKey  keyed shape: the key of each signature, or {@code null} for the list shape
 */
public record SignatureLayout(String header, String prefix, char separator, String timestampKey,
                              String signatureKey) {

    public SignatureLayout {
        Objects.requireNonNull(header, "header");
        prefix = prefix == null ? "" : prefix;
        if ((timestampKey == null) != (signatureKey == null)) {
            throw new IllegalArgumentException("a keyed layout names both its timestamp and its signature key");
        }
    }

    public static SignatureLayout list(String header, String prefix) {
        return new SignatureLayout(header, prefix, ',', null, null);
    }

    public static SignatureLayout keyed(String header, char separator, String timestampKey, String signatureKey) {
        return new SignatureLayout(header, "", separator, timestampKey, signatureKey);
    }

    public boolean keyed() {
        return signatureKey != null;
    }

    /** What the header held: the decodable signatures (at most {@code candidates}) and, if keyed, the timestamp. */
    record Received(List<byte[]> signatures, String timestamp) {
    }

    /**
     * Entries without the prefix or key, or with bad encoding, are skipped; only the first timestamp counts (a
     * second one cannot move the signed one). Stops reading signatures at {@code candidates} (SignatureLimits).
     */
    Received parse(String value, SignatureEncoding encoding, int candidates) {
        List<byte[]> signatures = new ArrayList<>();
        String timestamp = null;
        for (String element : value.split(Pattern.quote(String.valueOf(separator)))) {
            String entry = element.strip();
            if (!keyed()) {
                if (signatures.size() < candidates
                        && entry.regionMatches(true, 0, prefix, 0, prefix.length())) {
                    encoding.decode(entry.substring(prefix.length())).ifPresent(signatures::add);
                }
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = entry.substring(0, eq).strip();
            String text = entry.substring(eq + 1).strip();
            if (key.equals(timestampKey) && timestamp == null) {
                timestamp = text;
            } else if (key.equals(signatureKey) && signatures.size() < candidates) {
                encoding.decode(text).ifPresent(signatures::add);
            }
        }
        return new Received(signatures, timestamp);
    }
}
