package dev.hookline.local.console;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;

/**
 * Keeps the terminal of {@code ./hookline-local} to the banner and Hookline's own log lines. Everything the embedded
 * emulators say (DynamoDB Local's configuration dump on {@code System.out}, ElasticMQ/Pekko and Jetty through SLF4J,
 * which the {@code slf4j-jdk14} binding sends to java.util.logging) goes to {@value #FILE_NAME} in the data
 * directory, or in a temporary directory when there is none, where it stays available for diagnosis.
 */
public final class QuietConsole {

    public static final String FILE_NAME = "hookline-local.log";
    static final String HOOKLINE_LOGGERS = "dev.hookline";

    /** JUL holds loggers weakly: without this reference the configuration below could be collected. */
    private static Logger hookline;
    private static PrintStream sink;

    private QuietConsole() {
    }

    /** @return the log file the third-party output goes to */
    public static synchronized Path install(Path dataDir) throws IOException {
        return install(dataDir, true);
    }

    /**
     * For the benchmarks, whose terminal is their figures: Hookline's own lines go to the log file with everything
     * else.
     */
    public static synchronized Path installAllToFile(Path dir) throws IOException {
        return install(dir, false);
    }

    private static Path install(Path dataDir, boolean hooklineOnConsole) throws IOException {
        Path dir = dataDir != null ? Files.createDirectories(dataDir) : Files.createTempDirectory("hookline-local-");
        Path file = dir.resolve(FILE_NAME);
        sink = new PrintStream(new FileOutputStream(file.toFile(), true), true, StandardCharsets.UTF_8);

        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(Level.INFO);
        root.addHandler(flushing(new StreamHandler(sink, new SimpleFormatter())));

        hookline = Logger.getLogger(HOOKLINE_LOGGERS);
        if (hooklineOnConsole) {
            Handler console = new ConsoleHandler();
            console.setFormatter(new OneLine());
            hookline.addHandler(console);
        }
        return file;
    }

    /**
     * Runs {@code action} with {@code System.out} going to the log file (DynamoDB Local prints its configuration
     * there). Without {@link #install} it runs unchanged. Output other threads print meanwhile lands in the file too,
     * not lost; the banner is printed only after start-up.
     */
    public static <T> T quietly(Callable<T> action) throws Exception {
        PrintStream target;
        synchronized (QuietConsole.class) {
            target = sink;
        }
        if (target == null) {
            return action.call();
        }
        synchronized (QuietConsole.class) {
            PrintStream out = System.out;
            System.setOut(target);
            try {
                return action.call();
            } finally {
                System.setOut(out);
            }
        }
    }

    private static Handler flushing(StreamHandler handler) {
        return new Handler() {
            @Override
            public void publish(LogRecord record) {
                handler.publish(record);
                handler.flush();
            }

            @Override
            public void flush() {
                handler.flush();
            }

            @Override
            public void close() {
                handler.close();
            }
        };
    }

    /** {@code INFO dev.hookline.local.X: message}, one line: the logger name shows whose line it is. */
    static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord record) {
            String line = record.getLevel().getName() + " " + record.getLoggerName() + ": " + formatMessage(record)
                    + System.lineSeparator();
            if (record.getThrown() == null) {
                return line;
            }
            var trace = new java.io.StringWriter();
            record.getThrown().printStackTrace(new java.io.PrintWriter(trace));
            return line + trace;
        }
    }
}
