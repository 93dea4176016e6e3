package dev.hookline.local.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The CLI as its own process, the way {@code ./hookline} starts it: this build's cli jar and runtime classpath
 * (written by the cli module's package phase), on the JDK running the tests, with an environment of the test's
 * choosing. Every wait is bounded; a process that outlives its test is destroyed.
 */
public final class CliProcess {
    public record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final Map<String, String> env;
    private final Path workDir;

    public CliProcess(Map<String, String> env, Path workDir) {
        this.env = Map.copyOf(env);
        this.workDir = workDir;
    }

    public CliProcess with(String name, String value) {
        Map<String, String> copy = new java.util.HashMap<>(env);
        copy.put(name, value);
        return new CliProcess(copy, workDir);
    }

    public CliProcess without(String name) {
        Map<String, String> copy = new java.util.HashMap<>(env);
        copy.remove(name);
        return new CliProcess(copy, workDir);
    }

    public Path workDir() {
        return workDir;
    }

    /** Runs to the end (at most two minutes). */
    public Result run(String... args) {
        return runWithInput(null, args);
    }

    /** Runs to the end (at most two minutes), feeding {@code stdin} if given. */
    public Result runWithInput(String stdin, String... args) {
        Running running = start(args);
        try {
            if (stdin != null) {
                try (OutputStream in = running.process.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            } else {
                running.process.getOutputStream().close();
            }
            int exit = running.waitFor(Duration.ofMinutes(2));
            return new Result(exit, String.join("\n", running.lines()) + (running.lines().isEmpty() ? "" : "\n"),
                    running.stderr());
        } catch (IOException e) {
            throw new AssertionError(e);
        } finally {
            running.process.destroyForcibly();
        }
    }

    /**
     * A process started in the background by a shell (a CI job under nohup, `cmd &`) has SIGINT ignored, its children
     * inherit that, and a JVM leaves an ignored SIGINT ignored: Ctrl-C ({@link Running#interrupt}) would then do
     * nothing. GNU env's --default-signal gives the CLI the disposition a terminal gives it.
     */
    private static final List<String> SIGINT_RESTORED = defaultSignalPrefix();

    private static List<String> defaultSignalPrefix() {
        try {
            Process probe = new ProcessBuilder("env", "--default-signal=INT", "true").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0
                    ? List.of("env", "--default-signal=INT") : List.of();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    public Running start(String... args) {
        // The launcher's JVM flags (see ./hookline), with a class-data archive of the tests' own.
        List<String> command = new ArrayList<>(SIGINT_RESTORED);
        command.addAll(List.of(java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + RepoPaths.root().resolve("local/target/cli-it.jsa"),
                "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-cp", classpath(), "dev.hookline.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("HOOKLINE_") || k.startsWith("XDG_"));
        builder.environment().putAll(env);
        try {
            return new Running(builder.start());
        } catch (IOException e) {
            throw new AssertionError("the CLI did not start", e);
        }
    }

    /** A started CLI: its stdout as lines (as they come), its stderr as far as it came. */
    public static final class Running implements AutoCloseable {
        private final Process process;
        private final BlockingQueue<String> arriving = new LinkedBlockingQueue<>();
        private final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final StringBuffer err = new StringBuffer();
        private final Thread errReader;
        private final Thread outReader;

        Running(Process process) {
            this.process = process;
            this.outReader = Thread.ofVirtual().start(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = out.readLine()) != null; ) {
                        lines.add(line);
                        arriving.add(line);
                    }
                } catch (IOException ended) {
                    // the process went away
                }
            });
            this.errReader = Thread.ofVirtual().start(() -> {
                try (InputStream in = process.getErrorStream()) {
                    byte[] buffer = new byte[4096];
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        err.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (IOException ended) {
                    // the process went away
                }
            });
        }

        public long pid() {
            return process.pid();
        }

        public List<String> lines() {
            return List.copyOf(lines);
        }

        /** The next stdout line matching, waiting at most {@code limit}; null if none came. */
        public String await(Predicate<String> wanted, Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() < deadline) {
                String line = arriving.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line != null && wanted.test(line)) {
                    return line;
                }
            }
            return null;
        }

        /** SIGINT, as Ctrl-C in a terminal sends. */
        public void interrupt() throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill -INT " + process.pid() + " failed");
            }
        }

        public int waitFor(Duration limit) {
            try {
                if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    String threads = threadDump();
                    process.destroyForcibly();
                    throw new AssertionError("the CLI did not end within " + limit + "; stdout so far: " + lines
                            + "\n--- stderr so far\n" + err + "\n--- its threads\n" + threads);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            try {
                outReader.join(Duration.ofSeconds(5));
                errReader.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return process.exitValue();
        }

        /** The stuck process's threads (jcmd Thread.print), so a hang says where it hangs. */
        private String threadDump() {
            try {
                Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(process.pid()), "Thread.print").redirectErrorStream(true).start();
                byte[] out = jcmd.getInputStream().readNBytes(200_000);
                jcmd.waitFor(20, TimeUnit.SECONDS);
                jcmd.destroyForcibly();
                return new String(out, StandardCharsets.UTF_8);
            } catch (IOException | InterruptedException | RuntimeException e) {
                return "(no thread dump: " + e + ")";
            }
        }

        /** What the CLI wrote to stderr so far (all of it once {@link #waitFor} returned); never blocks. */
        public String stderr() {
            return err.toString();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** What ./hookline puts on the classpath: the cli jar and its runtime dependencies, from this build. */
    static String classpath() {
        Path cli = RepoPaths.root().resolve("cli/target");
        Path jar = cli.resolve("hookline-cli-0.1.0-SNAPSHOT.jar");
        Path deps = cli.resolve("hookline-cli.deps");
        if (!Files.exists(jar) || !Files.exists(deps)) {
            throw new AssertionError("The CLI is not built: " + jar + " and " + deps + " come from the cli module's "
                    + "package phase (mvn -pl local -am verify builds it first).");
        }
        try {
            return jar + java.io.File.pathSeparator + Files.readString(deps).strip();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
