package dev.hookline.core.inbound.parse;

/**
 * A part of a multipart body that is not a text field: a file, or a field whose value is not UTF-8 text or is too
 * long to inline. Its bytes go to object storage and the record carries a reference.
 *
 * @param field       the form field's name
 * @param filename    the sender's file name; null for a field
 * @param contentType the part's Content-Type, {@code application/octet-stream} when it gave none
 */
public record FilePart(String field, String filename, String contentType, byte[] bytes) {
}
