package dev.hookline.infrastructure.attachments;

import dev.hookline.core.inbound.stream.AttachmentStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Stream attachments in a local directory, for the embedded platform (no S3 emulator in this JVM): the object
 * {@code key} of {@code bucket} is the file {@code <root>/<bucket>/<key>}. Written to a temporary file and moved into
 * place, so a reader never sees half an object. Keys are built by ingest from ids (no "..", no absolute paths); a key
 * that would still leave the root is refused.
 */
public final class DirectoryAttachmentStore implements AttachmentStore {
    private final Path root;
    private final String bucket;

    public DirectoryAttachmentStore(Path root, String bucket) {
        this.root = root.toAbsolutePath().normalize();
        this.bucket = bucket;
    }

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        Path target = path(key);
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), ".put-", ".tmp");
            Files.write(temp, bytes);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("attachment " + key + " could not be stored", e);
        }
    }

    /** The stored bytes (for the local runner's readers and tests). */
    public byte[] read(String key) throws IOException {
        return Files.readAllBytes(path(key));
    }

    private Path path(String key) {
        Path base = root.resolve(bucket).normalize();
        Path target = base.resolve(key).normalize();
        if (!target.startsWith(base) || target.equals(base)) {
            throw new IllegalArgumentException("attachment key leaves the store: " + key);
        }
        return target;
    }
}
