package dev.hookline.functions.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hookline.core.wire.ApiJson;

import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Structured JSON log lines on stdout (CloudWatch takes Lambda's stdout). Callers pass named fields;
 * there is deliberately no way to log a request body, a header map or a secret wholesale.
 */
public final class Log {
    public enum Level { DEBUG, INFO, WARN, ERROR }

    private final String logger;
    private final Level threshold;
    private final PrintStream out;
    private final Clock clock;

    public Log(String logger, Level threshold, PrintStream out, Clock clock) {
        this.logger = logger;
        this.threshold = threshold;
        this.out = out;
        this.clock = clock;
    }

    public static Log of(String logger, String levelName) {
        Level level;
        try {
            level = levelName == null ? Level.INFO : Level.valueOf(levelName.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            level = Level.INFO;
        }
        return new Log(logger, level, System.out, Clock.systemUTC());
    }

    public void info(String message, Map<String, ?> fields) {
        write(Level.INFO, message, fields, null);
    }

    public void warn(String message, Map<String, ?> fields) {
        write(Level.WARN, message, fields, null);
    }

    public void error(String message, Map<String, ?> fields, Throwable error) {
        write(Level.ERROR, message, fields, error);
    }

    private void write(Level level, String message, Map<String, ?> fields, Throwable error) {
        if (level.ordinal() < threshold.ordinal()) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", clock.instant().toString());
        line.put("level", level.name());
        line.put("logger", logger);
        line.put("message", message);
        line.putAll(fields);
        if (error != null) {
            // The class and frames locate the fault; messages may quote input, so they are left out.
            line.put("exception", error.getClass().getName());
            StackTraceElement[] frames = error.getStackTrace();
            line.put("at", frames.length > 0 ? frames[0].toString() : "");
        }
        try {
            out.println(ApiJson.MAPPER.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            out.println("{\"level\":\"ERROR\",\"message\":\"log line could not be written\"}");
        }
    }
}
