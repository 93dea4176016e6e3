package dev.hookline.core.inbound.parse;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the timestamp shapes senders use and gives back one: UTC RFC 3339 as {@link Instant#toString()} prints it
 * ({@code 2023-11-14T22:13:20Z}, fraction kept when there is one).
 *
 * <p>Numbers are told apart by magnitude: below 1e11 they are epoch seconds (1e11 s is the year 5138, so no real
 * seconds value gets near it), from 1e11 up to 1e14 epoch milliseconds (1e11 ms is March 1973, so no recent millis
 * value is below it). Larger values (micro-, nanoseconds) are not guessed at. Text without an offset is refused: its
 * zone is unknown and a wrong guess shifts every event by hours without anyone noticing.
 */
public final class Timestamps {

    static final BigDecimal MILLIS_FROM = new BigDecimal("1e11");
    static final BigDecimal MILLIS_UNTIL = new BigDecimal("1e14");

    private static final Pattern NUMERIC = Pattern.compile("\\d{1,15}(\\.\\d{1,9})?");

    // RFC 3339 plus the ISO variants seen in the wild: "+0200" offsets and fractions of any length.
    private static final DateTimeFormatter OFFSET_DATE_TIME = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2).appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter(Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT)
            .withChronology(java.time.chrono.IsoChronology.INSTANCE);

    private Timestamps() {
    }

    /** The normalized form of {@code value}, or empty when it is not a timestamp we can place in time. */
    public static Optional<String> normalize(JsonNode value) {
        return toInstant(value).map(Instant::toString);
    }

    public static Optional<Instant> toInstant(JsonNode value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.isNumber()) {
            if (value.isFloatingPointNumber() && !value.isBigDecimal() && !Double.isFinite(value.doubleValue())) {
                // 1e400 reads as Infinity: no time (found by TimestampsFuzzTest).
                return Optional.empty();
            }
            // Double.toString is the shortest exact form, so 1700000000.123 stays .123 and not .12299999…
            return fromEpoch(value.isFloatingPointNumber() && !value.isBigDecimal()
                    ? new BigDecimal(Double.toString(value.doubleValue())) : value.decimalValue());
        }
        if (!value.isTextual()) {
            return Optional.empty();
        }
        String text = value.textValue().strip();
        if (NUMERIC.matcher(text).matches()) {
            return fromEpoch(new BigDecimal(text));
        }
        return fromText(text);
    }

    private static Optional<Instant> fromEpoch(BigDecimal number) {
        if (number.signum() < 0 || number.compareTo(MILLIS_UNTIL) >= 0) {
            return Optional.empty();
        }
        BigDecimal seconds = number.compareTo(MILLIS_FROM) >= 0 ? number.movePointLeft(3) : number;
        BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
        long nanos = seconds.subtract(whole).movePointRight(9).setScale(0, RoundingMode.DOWN).longValueExact();
        return Optional.of(Instant.ofEpochSecond(whole.longValueExact(), nanos));
    }

    private static Optional<Instant> fromText(String text) {
        // RFC 3339 allows a space for the 'T'; normalising it keeps the formatter to a single shape.
        String candidate = text.length() > 10 && text.charAt(10) == ' '
                ? text.substring(0, 10) + 'T' + text.substring(11) : text;
        try {
            return Optional.of(OffsetDateTime.parse(candidate, OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
