package dev.hookline.infrastructure.dynamo;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.Map;

/** Short spellings for DynamoDB attribute values; items stay readable where they are built. */
public final class Attr {
    /**
     * Stored instants are compared as strings by conditions and index ranges, so they must sort as time:
     * always nine fraction digits. {@code Instant.toString()} drops trailing zeros, and then a whole second
     * ({@code …:35Z}) sorts after a later instant in the same second ({@code …:35.806Z}).
     */
    private static final DateTimeFormatter SORTABLE = new DateTimeFormatterBuilder().appendInstant(9).toFormatter();

    private Attr() {
    }

    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    public static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    public static AttributeValue time(Instant value) {
        return AttributeValue.fromS(sortable(value));
    }

    /** The stored form of an instant: fixed width, so text order is time order. */
    public static String sortable(Instant value) {
        return SORTABLE.format(value);
    }

    public static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    public static Instant instant(Map<String, AttributeValue> item, String name) {
        String v = str(item, name);
        return v == null ? null : Instant.parse(v);
    }

    public static long num(Map<String, AttributeValue> item, String name, long fallback) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? fallback : Long.parseLong(v.n());
    }

    public static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", s(pk), "sk", s(sk));
    }
}
