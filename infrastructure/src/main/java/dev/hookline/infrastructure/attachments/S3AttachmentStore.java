package dev.hookline.infrastructure.attachments;

import dev.hookline.core.inbound.stream.AttachmentStore;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Stream attachments in the template's AttachmentsBucket: one PutObject each (encrypted by the bucket's default,
 * expired by its lifecycle rule). The SDK sends its default checksum (CRC32), which S3 checks, so a corrupted
 * upload fails instead of being referenced.
 */
public final class S3AttachmentStore implements AttachmentStore {
    private final S3Client s3;
    private final String bucket;

    public S3AttachmentStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType).build(),
                RequestBody.fromBytes(bytes));
    }
}
