package dev.hookline.core.inbound.stream;

import dev.hookline.core.wire.WireJson;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where bytes that travel beside a stream record were stored: a multipart file, a payload over the inline limit,
 * the raw body. The consumer fetches {@code s3://bucket/key} and can check {@code size} and {@code sha256}.
 *
 * @param field    the multipart field it came from; null for a payload or raw body
 * @param filename the sender's file name; null when it gave none
 */
public record Attachment(String bucket, String key, long size, String sha256, String contentType, String field,
                         String filename) {

    /** The reference for bytes stored under {@code key}: size and digest computed here, never by the store. */
    public static Attachment of(String bucket, String key, byte[] bytes, String contentType, String field,
                                String filename) {
        try {
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            return new Attachment(bucket, key, bytes.length, sha, contentType, field, filename);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** {@code {"bucket","key","size","sha256","content_type"[,"field"][,"filename"]}}, escaped ASCII. */
    public String toJson() {
        StringBuilder out = new StringBuilder(160);
        out.append("{\"bucket\":").append(WireJson.quote(bucket)).append(",\"key\":").append(WireJson.quote(key))
                .append(",\"size\":").append(size).append(",\"sha256\":\"").append(sha256).append('"')
                .append(",\"content_type\":").append(WireJson.quote(contentType));
        if (field != null) {
            out.append(",\"field\":").append(WireJson.quote(field));
        }
        if (filename != null) {
            out.append(",\"filename\":").append(WireJson.quote(filename));
        }
        return out.append('}').toString();
    }
}
