package dev.hookline.core.inbound.stream;

/**
 * Port: object storage for what does not travel inside a stream record (S3 in AWS; a directory, or moto's S3,
 * locally). Keys are derived from the call's delivery id, so a retry of the same call writes the same objects again
 * rather than new ones; objects expire with the bucket's lifecycle (the retention period).
 */
public interface AttachmentStore {
    /** The bucket references name. */
    String bucket();

    /** Stores the bytes under the key, replacing what is there; throws if they were not stored. */
    void put(String key, byte[] bytes, String contentType);
}
