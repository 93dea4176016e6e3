package dev.hookline.functions.log;

import com.amazonaws.services.lambda.runtime.Context;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.util.Map;

/**
 * The ids every log line of an invocation carries (SLF4J's MDC): Powertools' Lambda fields (function name, request
 * id, cold start, X-Ray trace id) plus ours, put where a handler learns them: the API request id, tenant, source,
 * event, delivery and SQS message ids. Ids only, never tokens or secrets. Cleared when an invocation or a record
 * ends, so nothing leaks into the next one (the execution environment is reused, and so are its threads).
 */
public final class Correlation {
    public static final String REQUEST_ID = "request_id";
    public static final String TENANT_ID = "tenant_id";
    public static final String SOURCE_ID = "source_id";
    public static final String EVENT_ID = "event_id";
    public static final String DELIVERY_ID = "delivery_id";
    public static final String MESSAGE_ID = "message_id";

    private Correlation() {
    }

    /** The start of an invocation: what the previous one left is dropped, then the Lambda fields are set. */
    public static void begin(Context context) {
        MDC.clear();
        if (context != null) {
            PowertoolsLogging.initializeLogging(context);
        }
    }

    /**
     * The end of an invocation. Not {@code PowertoolsLogging.clearState}: it also clears Powertools' log buffer
     * (not used here), which without Powertools' logback backend (the local runner) complains on stderr.
     */
    public static void end() {
        MDC.clear();
    }

    /** Adds an id to this thread's lines; a null id is left out. */
    public static void put(String key, String id) {
        if (id != null) {
            MDC.put(key, id);
        }
    }

    /** {@code work} to run on another thread (a record's virtual thread) with this thread's ids, cleared after. */
    public static Runnable carried(Runnable work) {
        Map<String, String> ids = MDC.getCopyOfContextMap();
        return () -> {
            if (ids != null) {
                MDC.setContextMap(ids);
            }
            try {
                work.run();
            } finally {
                MDC.clear();
            }
        };
    }
}
