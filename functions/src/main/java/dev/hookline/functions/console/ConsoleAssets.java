package dev.hookline.functions.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The console's static files, read once from the classpath (so a SnapStart snapshot holds them) as listed in
 * {@value #MANIFEST}: a file name per line, optionally followed by the classpath resource it comes from (uPlot comes
 * from its WebJar), else {@code /console/<name>}.
 *
 * <p>Every asset is served under one fingerprint, {@code assets/<version>/<name>}, where the version is a hash of
 * every asset's name and bytes: a changed file changes the directory, so assets can be cached forever while the page
 * (which names the directory) is never cached. One directory rather than a hash per file keeps the ES modules'
 * relative imports ({@code ./api.js}) working without rewriting them.
 */
public final class ConsoleAssets {
    static final String MANIFEST = "/console/assets.txt";
    static final String PAGE = "/console/index.html";
    /** Where {@code index.html} names the asset directory. */
    static final String ASSETS_PLACEHOLDER = "{{assets}}";

    public record Asset(String name, String contentType, String body) {
    }

    private final String version;
    private final Map<String, Asset> assets;
    private final String page;

    private ConsoleAssets(String version, Map<String, Asset> assets, String page) {
        this.version = version;
        this.assets = Map.copyOf(assets);
        this.page = page;
    }

    public static ConsoleAssets fromClasspath() {
        Map<String, Asset> assets = new LinkedHashMap<>();
        MessageDigest digest = sha256();
        for (String line : read(MANIFEST).split("\n")) {
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            String[] parts = entry.split("\\s+");
            String name = parts[0];
            String resource = parts.length > 1 ? parts[1] : "/console/" + name;
            String body = read(resource);
            digest.update(name.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(body.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            assets.put(name, new Asset(name, contentType(name), body));
        }
        String version = HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        String page = read(PAGE).replace(ASSETS_PLACEHOLDER, "assets/" + version);
        return new ConsoleAssets(version, assets, page);
    }

    /** The fingerprint of this set of assets. */
    public String version() {
        return version;
    }

    public Optional<Asset> asset(String version, String name) {
        return this.version.equals(version) ? Optional.ofNullable(assets.get(name)) : Optional.empty();
    }

    public Map<String, Asset> assets() {
        return assets;
    }

    /** The page, naming this version's asset directory. */
    public String page() {
        return page;
    }

    static String contentType(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return switch (ext) {
            case "js" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "svg" -> "image/svg+xml";
            case "html" -> "text/html; charset=utf-8";
            case "txt" -> "text/plain; charset=utf-8";
            default -> throw new IllegalStateException("The console has no content type for " + name);
        };
    }

    private static String read(String resource) {
        try (InputStream in = ConsoleAssets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The console resource " + resource + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("The console resource " + resource + " could not be read", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
