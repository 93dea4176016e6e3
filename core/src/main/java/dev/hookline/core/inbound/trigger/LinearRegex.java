package dev.hookline.core.inbound.trigger;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;

/**
 * The schemas' {@code pattern} and {@code patternProperties} run on RE2 (re2j): matching takes time linear in the
 * input whatever the pattern, so a tenant's {@code "(a+)+$"} cannot hold an ingest call for minutes. RE2 has no
 * backreferences or lookaround; a pattern using them is refused when the source is saved.
 */
final class LinearRegex implements RegularExpressionFactory {
    static final LinearRegex INSTANCE = new LinearRegex();

    private LinearRegex() {
    }

    @Override
    public RegularExpression getRegularExpression(String regex) {
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("pattern '" + shorten(regex) + "' is not supported: " + e.getDescription()
                    + " (patterns run in linear time: no backreferences or lookaround)", e);
        }
        // JSON Schema patterns are not anchored: "a" matches "cat".
        return input -> pattern.matcher(input).find();
    }

    private static String shorten(String regex) {
        return regex.length() > 60 ? regex.substring(0, 60) + "…" : regex;
    }
}
