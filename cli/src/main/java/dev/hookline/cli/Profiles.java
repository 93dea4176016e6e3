package dev.hookline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

/**
 * Where the CLI keeps deployments: {@code $XDG_CONFIG_HOME/hookline/config.json} (else {@code ~/.config/hookline}),
 * one profile per deployment ({@code {"profiles": {"default": {"url": …, "key": …}}}}), readable by its owner only
 * (0600, in a 0700 directory), because it holds API keys. {@code HOOKLINE_URL} / {@code HOOKLINE_KEY} override.
 */
public final class Profiles {
    public static final String DEFAULT = "default";
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Profile(String url, String key) {
        @Override
        public String toString() {
            return "Profile[" + url + "]";
        }
    }

    private final Path file;

    public Profiles(Path file) {
        this.file = file;
    }

    public static Profiles of(Terminal terminal) {
        String xdg = terminal.env().get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(terminal.env().getOrDefault("HOME", System.getProperty("user.home")), ".config");
        return new Profiles(base.resolve("hookline").resolve("config.json"));
    }

    public Path file() {
        return file;
    }

    public Optional<Profile> get(String name) {
        ObjectNode root = read();
        var p = root.path("profiles").path(name);
        if (!p.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new Profile(p.path("url").asText(null), p.path("key").asText(null)));
    }

    /** Saves the profile; the file is written beside the old one and moved into place, 0600 from its first byte. */
    public void put(String name, Profile profile) throws IOException {
        ObjectNode root = read();
        ObjectNode profiles = root.has("profiles") && root.get("profiles").isObject()
                ? (ObjectNode) root.get("profiles") : root.putObject("profiles");
        profiles.putObject(name).put("url", profile.url()).put("key", profile.key());
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path tmp = Files.createTempFile(dir, "config", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    /** The profile to use: the environment's values over the file's. */
    public Profile resolve(String name, Map<String, String> env) {
        Optional<Profile> stored = get(name);
        String url = firstNonBlank(env.get("HOOKLINE_URL"), stored.map(Profile::url).orElse(null));
        String key = firstNonBlank(env.get("HOOKLINE_KEY"), stored.map(Profile::key).orElse(null));
        if (url == null || key == null) {
            throw CliException.usage("No Hookline deployment for profile '" + name + "': run `hookline login --url URL "
                    + "--key KEY" + (DEFAULT.equals(name) ? "" : " --profile " + name) + "`, or set HOOKLINE_URL and HOOKLINE_KEY.");
        }
        return new Profile(url.replaceAll("/+$", ""), key);
    }

    private ObjectNode read() {
        if (!Files.exists(file)) {
            return JSON.createObjectNode();
        }
        try {
            var node = JSON.readTree(file.toFile());
            return node instanceof ObjectNode o ? o : JSON.createObjectNode();
        } catch (IOException e) {
            throw CliException.failed("Cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String firstNonBlank(String a, String b) {
        return a != null && !a.isBlank() ? a : b != null && !b.isBlank() ? b : null;
    }
}
