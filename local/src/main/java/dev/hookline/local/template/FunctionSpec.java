package dev.hookline.local.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One AWS::Serverless::Function with Globals applied: handler, timeout, memory, environment (still holding
 * intrinsics; resolve them with {@link Intrinsics}) and its events.
 */
public record FunctionSpec(String logicalId, String handlerClass, String handlerMethod, int timeoutSeconds,
                           int memoryMb, String codeUri, String runtime, Map<String, Object> environment,
                           List<HttpRoute> httpRoutes, List<SqsEventSource> sqsSources, List<Schedule> schedules,
                           List<StreamEventSource> streamSources) {

    public record HttpRoute(String eventName, String method, String path) {
        public String routeKey() {
            return ("ANY".equals(method) ? "ANY" : method) + " " + path;
        }
    }

    /** @param maximumConcurrency ScalingConfig.MaximumConcurrency, or 0 when the template sets none */
    public record SqsEventSource(String eventName, Object queue, int batchSize, int batchingWindowSeconds,
                                 boolean reportBatchItemFailures, int maximumConcurrency) {
        public SqsEventSource(String eventName, Object queue, int batchSize, int batchingWindowSeconds,
                              boolean reportBatchItemFailures) {
            this(eventName, queue, batchSize, batchingWindowSeconds, reportBatchItemFailures, 0);
        }
    }

    public record Schedule(String eventName, String expression) {
    }

    /**
     * A DynamoDB stream event source mapping: the stream ({@code !GetAtt Table.StreamArn}), where to start without
     * a checkpoint, batching, the error handling (bisect, retries, record age, item failures), the filter patterns
     * and the on-failure destination ({@code !GetAtt Queue.Arn}, or null).
     */
    public record StreamEventSource(String eventName, Object stream, String startingPosition, int batchSize,
                                    int batchingWindowSeconds, boolean bisectOnError, int maxRetryAttempts,
                                    int maxRecordAgeSeconds, boolean reportBatchItemFailures, List<String> filters,
                                    Object onFailure) {
    }

    static FunctionSpec of(String logicalId, Map<String, Object> globals, Map<String, Object> props) {
        Map<String, Object> merged = new LinkedHashMap<>(globals);
        merged.putAll(props);
        String handler = String.valueOf(merged.get("Handler"));
        int sep = handler.indexOf("::");
        Map<String, Object> env = new LinkedHashMap<>(
                Maps.child(Maps.child(globals, "Environment"), "Variables"));
        env.putAll(Maps.child(Maps.child(props, "Environment"), "Variables"));

        List<HttpRoute> routes = new ArrayList<>();
        List<SqsEventSource> sqs = new ArrayList<>();
        List<Schedule> schedules = new ArrayList<>();
        List<StreamEventSource> streams = new ArrayList<>();
        Maps.children(props.get("Events")).forEach((name, event) -> {
            Map<String, Object> p = Maps.child(event, "Properties");
            switch (String.valueOf(event.get("Type"))) {
                case "HttpApi" -> routes.add(new HttpRoute(name,
                        String.valueOf(p.getOrDefault("Method", "ANY")).toUpperCase(java.util.Locale.ROOT),
                        String.valueOf(p.getOrDefault("Path", "$default"))));
                case "SQS" -> sqs.add(new SqsEventSource(name, p.get("Queue"),
                        Maps.integer(p.get("BatchSize"), 10),
                        Maps.integer(p.get("MaximumBatchingWindowInSeconds"), 0),
                        Maps.list(p.get("FunctionResponseTypes")).contains("ReportBatchItemFailures"),
                        Maps.integer(Maps.child(p, "ScalingConfig").get("MaximumConcurrency"), 0)));
                case "Schedule", "ScheduleV2" -> schedules.add(new Schedule(name,
                        String.valueOf(p.getOrDefault("Schedule", p.get("ScheduleExpression")))));
                case "DynamoDB" -> streams.add(new StreamEventSource(name, p.get("Stream"),
                        String.valueOf(p.getOrDefault("StartingPosition", "LATEST")),
                        Maps.integer(p.get("BatchSize"), 100),
                        Maps.integer(p.get("MaximumBatchingWindowInSeconds"), 0),
                        Boolean.TRUE.equals(p.get("BisectBatchOnFunctionError")) || "true".equals(p.get("BisectBatchOnFunctionError")),
                        Maps.integer(p.get("MaximumRetryAttempts"), -1),
                        Maps.integer(p.get("MaximumRecordAgeInSeconds"), -1),
                        Maps.list(p.get("FunctionResponseTypes")).contains("ReportBatchItemFailures"),
                        Maps.list(Maps.child(p, "FilterCriteria").get("Filters")).stream()
                                .map(f -> f instanceof Map<?, ?> m ? String.valueOf(m.get("Pattern")) : String.valueOf(f))
                                .toList(),
                        Maps.child(Maps.child(p, "DestinationConfig"), "OnFailure").get("Destination")));
                default -> throw new IllegalArgumentException("Function " + logicalId + " event " + name
                        + " has type " + event.get("Type") + ", which the local platform does not run");
            }
        });
        return new FunctionSpec(logicalId,
                sep < 0 ? handler : handler.substring(0, sep),
                sep < 0 ? "handleRequest" : handler.substring(sep + 2),
                Maps.integer(merged.get("Timeout"), 3),
                Maps.integer(merged.get("MemorySize"), 128),
                String.valueOf(merged.get("CodeUri")),
                String.valueOf(merged.get("Runtime")),
                env, routes, sqs, schedules, streams);
    }
}
