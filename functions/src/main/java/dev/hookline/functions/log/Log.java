package dev.hookline.functions.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.argument.StructuredArguments;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hookline's log lines, through SLF4J: in Lambda, Powertools' JSON encoder writes one JSON object per line on stdout
 * with the correlation ids of {@link Correlation}, the named fields as JSON fields and, for an error, the exception's
 * full stack trace with its causes (hookline-log4j2.xml). The message also names the fields, so the local runner's
 * plain-text console (SLF4J to java.util.logging there) shows them too. Callers pass named fields; there is
 * deliberately no way to log a request body, a header map or a secret wholesale. The level comes from
 * {@code LOG_LEVEL}.
 */
public final class Log {
    private final Logger logger;

    private Log(Logger logger) {
        this.logger = logger;
    }

    /** {@code name} is the function's part ("ingest", "delivery"): the logger is {@code dev.hookline.<name>}. */
    public static Log of(String name) {
        return new Log(LoggerFactory.getLogger("dev.hookline." + name));
    }

    public void info(String message, Map<String, ?> fields) {
        if (logger.isInfoEnabled()) {
            if (fields.isEmpty()) {
                logger.info(message);
            } else {
                logger.info(message + " {}", fields(fields));
            }
        }
    }

    public void warn(String message, Map<String, ?> fields) {
        if (logger.isWarnEnabled()) {
            if (fields.isEmpty()) {
                logger.warn(message);
            } else {
                logger.warn(message + " {}", fields(fields));
            }
        }
    }

    public void error(String message, Map<String, ?> fields, Throwable error) {
        if (fields.isEmpty()) {
            logger.error(message, error);
        } else {
            logger.error(message + " {}", fields(fields), error);
        }
    }

    /** Strings, numbers and booleans as they are; anything else as its text, so no serializer is ever guessed. */
    private static Object fields(Map<String, ?> fields) {
        Map<String, Object> plain = new LinkedHashMap<>();
        fields.forEach((name, value) -> plain.put(name,
                value == null || value instanceof Number || value instanceof Boolean ? value : value.toString()));
        return StructuredArguments.entries(plain);
    }
}
