package dev.hookline.local.streams;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where an event source mapping has got to in each shard: the sequence number of the last record it is done
 * with, or {@link #SHARD_END}. Lambda keeps this itself; locally it lives in a JSON file of the data directory
 * (rewritten whole, atomically, on every change), so a restarted platform resumes where it stopped, or in memory
 * when there is no data directory (the tables are fresh too, then).
 */
final class Checkpoints {
    static final String SHARD_END = "SHARD_END";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Map<String, String> positions = new ConcurrentHashMap<>();

    private Checkpoints(Path file) {
        this.file = file;
    }

    static Checkpoints inMemory() {
        return new Checkpoints(null);
    }

    /** The checkpoints of one mapping, kept in {@code file} (read now if it exists). */
    static Checkpoints in(Path file) {
        Checkpoints c = new Checkpoints(file);
        if (Files.exists(file)) {
            try {
                JSON.readTree(file.toFile()).fields().forEachRemaining(e -> c.positions.put(e.getKey(), e.getValue().asText()));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read stream checkpoints " + file, e);
            }
        }
        return c;
    }

    String position(String shardId) {
        return positions.get(shardId);
    }

    boolean finished(String shardId) {
        return SHARD_END.equals(positions.get(shardId));
    }

    synchronized void save(String shardId, String position) {
        positions.put(shardId, position);
        if (file == null) {
            return;
        }
        ObjectNode doc = JSON.createObjectNode();
        new java.util.TreeMap<>(positions).forEach(doc::put);
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temp, JSON.writeValueAsBytes(doc));
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write stream checkpoints " + file, e);
        }
    }
}
