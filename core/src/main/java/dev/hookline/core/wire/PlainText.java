package dev.hookline.core.wire;

import dev.hookline.core.problem.Problem.FieldError;

import java.util.List;

/**
 * What the API accepts as text in names, descriptions and header values: Unicode without control characters
 * (NUL, ESC, DEL, C1…) and without code units that are not text at all (lone surrogates, U+FFFE, U+FFFF). Such
 * characters cut logs and headers, break terminals and consoles, and some stores refuse them.
 */
public final class PlainText {
    private PlainText() {
    }

    /** Why {@code value} is not plain text, or null when it is; {@code multiline} allows tab, CR and LF. */
    public static String problem(String value, boolean multiline) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
                if (multiline && (c == '\t' || c == '\n' || c == '\r')) {
                    continue;
                }
                return "must not contain control characters (found U+" + hex(c) + " at position " + i + ")";
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
                return "must be Unicode text (found U+" + hex(c) + ", which is not a character, at position " + i + ")";
            }
        }
        return null;
    }

    /** Adds a field error for {@code value} unless it is plain text. */
    public static void check(List<FieldError> errors, String field, String value, boolean multiline) {
        String problem = problem(value, multiline);
        if (problem != null) {
            errors.add(new FieldError(field, problem));
        }
    }

    /** A header value: tab allowed (RFC 9110 field-value), every other control character not. */
    public static void checkHeaderValue(List<FieldError> errors, String field, String value) {
        String problem = problem(value == null ? null : value.replace('\t', ' '), false);
        if (problem != null) {
            errors.add(new FieldError(field, problem));
        }
    }

    private static String hex(char c) {
        return String.format("%04X", (int) c);
    }
}
