package dev.hookline.core.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared vendor known-answer vectors, found by walking up from the working directory until
 * {@code shared/vectors/vendor-signatures.json} (or {@code ../shared/vectors/…}) exists, so tests run from the
 * module, the repository root or a worktree next to {@code shared/}.
 */
public final class InboundVectors {

    private static final Path RELATIVE = Path.of("shared", "vectors", "vendor-signatures.json");
    private static JsonNode all;

    private InboundVectors() {
    }

    public static synchronized JsonNode all() {
        if (all == null) {
            try {
                all = new ObjectMapper().readTree(Files.readString(locate()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read vectors", e);
            }
        }
        return all;
    }

    public static List<String> ids() {
        List<String> ids = new ArrayList<>();
        all().forEach(n -> ids.add(n.path("id").asText()));
        return ids;
    }

    public static JsonNode entry(String id) {
        for (JsonNode node : all()) {
            if (id.equals(node.path("id").asText())) {
                return node;
            }
        }
        throw new IllegalStateException("no vector " + id);
    }

    /** Exact bytes of a sibling file (e.g. pagerduty-body.json), never re-encoded. */
    public static byte[] sibling(String name) {
        try {
            return Files.readAllBytes(locate().resolveSibling(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A vector's {@code header} (or {@code headers}) object as a map. */
    public static Map<String, String> headers(JsonNode vector) {
        JsonNode h = vector.has("header") ? vector.path("header") : vector.path("headers");
        Map<String, String> out = new LinkedHashMap<>();
        h.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    static Path locate() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            for (Path candidate : List.of(d.resolve(RELATIVE), d.resolve("..").resolve(RELATIVE).normalize())) {
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("shared/vectors/vendor-signatures.json not found above " + dir);
    }
}
