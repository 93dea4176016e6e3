package dev.hookline.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs the CLI in-process with its own streams and environment, as the process entry would. */
record Run(int exit, String out, String err) {

    static Run of(Path home, String stdin, String... args) {
        return of(Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", home.resolve(".config").toString()), home, stdin, args);
    }

    static Run of(Map<String, String> env, Path workDir, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Terminal terminal = new Terminal(new HashMap<>(env), new ByteArrayInputStream(
                (stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), workDir);
        int exit = Cli.run(args, terminal);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
