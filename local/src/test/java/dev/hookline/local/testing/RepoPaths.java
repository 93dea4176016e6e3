package dev.hookline.local.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root (where template.yaml is), found from the test's working directory. */
public final class RepoPaths {
    private RepoPaths() {
    }

    public static Path root() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("template.yaml")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("No template.yaml above " + dir);
    }

    public static Path template() {
        return root().resolve("template.yaml");
    }

    public static Path events() {
        return root().resolve("events");
    }
}
