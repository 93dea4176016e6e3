package dev.hookline.core.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads the shared known-answer vectors, found by walking up from the working directory (module or repo root). */
final class Vectors {

    private static final Path RELATIVE = Path.of("shared", "vectors", "vendor-signatures.json");

    private Vectors() {
    }

    static JsonNode entry(String id) {
        try {
            JsonNode all = new ObjectMapper().readTree(Files.readString(locate()));
            for (JsonNode node : all) {
                if (id.equals(node.path("id").asText())) {
                    return node;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read vectors", e);
        }
        throw new IllegalStateException("no vector " + id);
    }

    static Path locate() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path candidate = d.resolve(RELATIVE);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/vectors/vendor-signatures.json not found above " + dir);
    }
}
