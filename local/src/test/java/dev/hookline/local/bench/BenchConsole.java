package dev.hookline.local.bench;

import dev.hookline.local.console.QuietConsole;

import java.io.IOException;
import java.nio.file.Path;

/** A benchmark's terminal shows its figures only; the platform's and the emulators' log lines go to a file. */
final class BenchConsole {
    private BenchConsole() {
    }

    static void quiet(String benchmark) throws IOException {
        Path log = QuietConsole.installAllToFile(Path.of("local", "target", "bench-" + benchmark));
        System.err.println("(log lines: " + log + ")");
    }
}
