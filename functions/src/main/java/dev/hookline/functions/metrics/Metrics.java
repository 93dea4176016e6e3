package dev.hookline.functions.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * CloudWatch metrics in the Embedded Metric Format (EMF): each {@link #emit} writes one JSON line to stdout, and
 * Lambda's log pipeline turns it into metrics in namespace {@value #NAMESPACE}. No AWS SDK call, no buffering, no
 * background thread, so nothing is lost when the execution environment freezes.
 *
 * <p>A line looks like:
 * <pre>{@code
 * {"_aws":{"Timestamp":1700000000000,"CloudWatchMetrics":[{"Namespace":"Hookline",
 *   "Dimensions":[["Function"],["Function","Outcome"]],
 *   "Metrics":[{"Name":"DeliveryAttempts","Unit":"Count"},{"Name":"DeliveryLatency","Unit":"Milliseconds"}]}]},
 *  "Function":"hookline-DeliveryFunction-abc","Outcome":"failed","DeliveryAttempts":1,"DeliveryLatency":412}
 * }</pre>
 * Only the function name, a fixed-vocabulary outcome and numbers go out: never tenant ids, URLs, tokens or bodies
 * (dimension values are metric names in CloudWatch, visible account-wide, and each distinct value is a new metric).
 *
 * <p>Not Powertools' metrics module (2.9.0): it buffers an invocation's metrics under one set of dimensions per flush,
 * while one SQS batch here has records with different outcomes, each needing its own [Function, Outcome] line next to
 * [Function]; and it adds its {@code Service} dimension to every dimension set, which would move the metrics away from
 * the alarms in template.yaml (they name exactly [Function, Outcome]). Emitting through it one flush per record would
 * leave nothing of it but the JSON writer, for about 1 MB more in every jar (commons-lang3 alone is 714 KB,
 * aws-embedded-metrics, jackson-datatype-jsr310 and javatuples the rest, before minimizing).
 */
public final class Metrics {
    public static final String NAMESPACE = "Hookline";
    public static final String FUNCTION_DIMENSION = "Function";
    public static final String OUTCOME_DIMENSION = "Outcome";
    /** Function dimension value when the function name is not known (e.g. a unit test without the Lambda env). */
    public static final String UNKNOWN_FUNCTION = "unknown";
    /** Outcome value used in place of one that does not look like a fixed label. */
    public static final String OTHER_OUTCOME = "other";

    /** Outcomes are labels such as {@code succeeded} or {@code payload-too-large}; anything else becomes "other". */
    private static final Pattern LABEL = Pattern.compile("[a-z][a-z0-9-]{0,39}");
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    /** CloudWatch units used here (the EMF {@code Unit} strings). */
    public enum Unit {
        COUNT("Count"), MILLISECONDS("Milliseconds");

        private final String cloudWatchName;

        Unit(String cloudWatchName) {
            this.cloudWatchName = cloudWatchName;
        }

        public String cloudWatchName() {
            return cloudWatchName;
        }
    }

    /** One metric value of a line. */
    public record Metric(String name, Unit unit, long value) {
        public Metric {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(unit, "unit");
            if (!name.matches("[A-Za-z][A-Za-z0-9]{0,254}") || name.equals(FUNCTION_DIMENSION)
                    || name.equals(OUTCOME_DIMENSION) || name.equals("_aws")) {
                throw new IllegalArgumentException("not a metric name: " + name);
            }
        }

        public static Metric count(String name, long value) {
            return new Metric(name, Unit.COUNT, value);
        }

        public static Metric milliseconds(String name, long value) {
            return new Metric(name, Unit.MILLISECONDS, value);
        }
    }

    private final String functionName;
    private final PrintStream out;
    private final Clock clock;

    /** Writes to {@link System#out} with the system clock; {@code functionName} is AWS_LAMBDA_FUNCTION_NAME. */
    public Metrics(String functionName) {
        this(functionName, System.out, Clock.systemUTC());
    }

    public Metrics(String functionName, PrintStream out, Clock clock) {
        this.functionName = functionName == null || functionName.isBlank() ? UNKNOWN_FUNCTION : functionName.strip();
        this.out = Objects.requireNonNull(out, "out");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public String functionName() {
        return functionName;
    }

    /**
     * Writes one EMF line holding {@code metrics}. With an {@code outcome}, the metrics are published under the
     * dimension sets [Function] and [Function, Outcome]; without one (null), under [Function] only. Never throws:
     * a metric must not fail the work it measures.
     */
    public void emit(String outcome, Metric... metrics) {
        if (metrics == null || metrics.length == 0) {
            return;
        }
        try {
            out.println(MAPPER.writeValueAsString(document(outcome, List.of(metrics))));
        } catch (JsonProcessingException | RuntimeException e) {
            // Dropped on purpose: metrics are best effort.
        }
    }

    /** The outcome as it will be written: a fixed-vocabulary label, or {@value #OTHER_OUTCOME}. */
    public static String outcomeLabel(String outcome) {
        return outcome != null && LABEL.matcher(outcome).matches() ? outcome : OTHER_OUTCOME;
    }

    private Map<String, Object> document(String outcome, List<Metric> metrics) {
        List<List<String>> dimensions = new ArrayList<>();
        dimensions.add(List.of(FUNCTION_DIMENSION));
        if (outcome != null) {
            dimensions.add(List.of(FUNCTION_DIMENSION, OUTCOME_DIMENSION));
        }
        List<Map<String, String>> definitions = new ArrayList<>();
        for (Metric m : metrics) {
            definitions.add(Map.of("Name", m.name(), "Unit", m.unit().cloudWatchName()));
        }
        Map<String, Object> directive = new LinkedHashMap<>();
        directive.put("Namespace", NAMESPACE);
        directive.put("Dimensions", dimensions);
        directive.put("Metrics", definitions);

        Map<String, Object> aws = new LinkedHashMap<>();
        aws.put("Timestamp", clock.millis());
        aws.put("CloudWatchMetrics", List.of(directive));

        Map<String, Object> root = new LinkedHashMap<>();
        root.put("_aws", aws);
        root.put(FUNCTION_DIMENSION, functionName);
        if (outcome != null) {
            root.put(OUTCOME_DIMENSION, outcomeLabel(outcome));
        }
        for (Metric m : metrics) {
            root.put(m.name(), m.value());
        }
        return root;
    }
}
