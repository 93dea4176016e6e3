package dev.hookline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.local.console.QuietConsole;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a developer sees after {@code ./hookline-local}: the banner and Hookline's own log lines, nothing from the
 * emulators or the JVM. Starts {@link Main} in its own JVM with the launcher's own flags (read from the script, so the
 * two cannot drift) and reads its terminal output.
 */
class QuietStartIT {

    /**
     * Blank, banner (indented) or the stop notice; Hookline's log lines, which name a dev.hookline logger; and the
     * local runner's own notices ({@code [local] …}).
     */
    private static final Pattern OURS = Pattern.compile(
            "|  .*|Stopping Hookline local\\.\\.\\.|\\[local] .*|(INFO|WARNING|SEVERE) dev\\.hookline\\.[\\w.$]+: .*");

    @Test
    void theTerminalShowsTheBannerAndHooklineLinesOnly(@TempDir Path data) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(launcherFlags());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--port", "0", "--data-dir", data.toString()));
        // The launcher runs from the repository root (it cds there), where template.yaml is.
        Process process = new ProcessBuilder(command).directory(launcher().getParent().toFile())
                .redirectErrorStream(true).start();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // The process ended; what was read is what it printed.
            }
        });
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!hasBanner(lines) && process.isAlive() && System.nanoTime() < deadline) {
                reader.join(200);
            }
            assertTrue(hasBanner(lines), "no banner within 120 s: " + lines);
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            reader.join(10_000);
        }

        List<String> foreign;
        synchronized (lines) {
            foreign = lines.stream().filter(l -> !OURS.matcher(l).matches()).toList();
        }
        assertEquals(List.of(), foreign, "lines on the terminal that are not Hookline's");
        Path log = data.resolve(QuietConsole.FILE_NAME);
        String chatter = Files.readString(log);
        assertTrue(chatter.contains("Initializing DynamoDB Local"), "DynamoDB Local's dump is kept in " + log);
        assertTrue(lines.stream().anyMatch(l -> l.contains(log.toString())), "the banner says where the log is");
    }

    private static boolean hasBanner(List<String> lines) {
        synchronized (lines) {
            return lines.stream().anyMatch(l -> l.contains("Ctrl-C stops it."));
        }
    }

    private static Path launcher() {
        return Path.of(System.getProperty("user.dir")).toAbsolutePath().resolveSibling("hookline-local");
    }

    /** The JVM options on the launcher's {@code exec} line. */
    private static List<String> launcherFlags() throws IOException {
        Path script = launcher();
        String exec = Files.readAllLines(script).stream().filter(l -> l.startsWith("exec \"$java\""))
                .findFirst().orElseThrow(() -> new AssertionError("no exec line in " + script));
        List<String> flags = Arrays.stream(exec.split("\\s+")).filter(t -> t.startsWith("--")).toList();
        assertTrue(flags.contains("--sun-misc-unsafe-memory-access=allow"), exec);
        return flags;
    }
}
