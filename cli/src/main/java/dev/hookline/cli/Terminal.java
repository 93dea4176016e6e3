package dev.hookline.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command may touch of the outside: its environment, standard streams, working directory and user. Tests run
 * commands in-process with their own; the process entry passes the real ones.
 */
public record Terminal(Map<String, String> env, InputStream in, PrintStream out, PrintStream err, Path workDir) {

    public static Terminal system() {
        return new Terminal(System.getenv(), System.in, new PrintStream(System.out, true, StandardCharsets.UTF_8),
                new PrintStream(System.err, true, StandardCharsets.UTF_8), Path.of("").toAbsolutePath());
    }

    /** A path as the user wrote it, relative to where the command runs. */
    public Path resolve(String path) {
        return workDir.resolve(path);
    }
}
