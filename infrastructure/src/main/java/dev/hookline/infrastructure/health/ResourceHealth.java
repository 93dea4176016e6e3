package dev.hookline.infrastructure.health;

import dev.hookline.core.health.HealthCheck;
import dev.hookline.core.health.ResourceStatus;
import dev.hookline.infrastructure.aws.AwsClients;
import dev.hookline.infrastructure.config.Environment;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Checks every table, queue and secret the function's environment names (the variables that end in
 * {@code _TABLE}, {@code _URL} for queues, {@code _SECRET_ARN}). Since template.yaml gives every function
 * those variables, health covers every resource the template declares without a second list.
 */
public final class ResourceHealth implements HealthCheck {
    private final AwsClients aws;
    private final Environment env;

    public ResourceHealth(AwsClients aws, Environment env) {
        this.aws = aws;
        this.env = env;
    }

    @Override
    public List<ResourceStatus> check() {
        List<ResourceStatus> out = new ArrayList<>();
        probe(out, "table", env.endingWith("_TABLE"), name ->
                aws.dynamo().describeTable(DescribeTableRequest.builder().tableName(name).build())
                        .table().tableStatusAsString());
        probe(out, "queue", queues(), url -> {
            Map<String, String> attrs = aws.sqs().getQueueAttributes(GetQueueAttributesRequest.builder().queueUrl(url)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES).build()).attributesAsStrings();
            return "messages=" + attrs.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES.toString(), "?");
        });
        probe(out, "secret", env.endingWith("_SECRET_ARN"), arn -> {
            aws.secrets().describeSecret(DescribeSecretRequest.builder().secretId(arn).build());
            return "readable";
        });
        return out;
    }

    private Map<String, String> queues() {
        Map<String, String> queues = new java.util.TreeMap<>(env.endingWith("_QUEUE_URL"));
        queues.putAll(env.endingWith("_DLQ_URL"));
        return queues;
    }

    private static void probe(List<ResourceStatus> out, String kind, Map<String, String> resources,
                              Function<String, String> check) {
        resources.forEach((variable, name) -> {
            try {
                out.add(new ResourceStatus(kind, variable, shortName(name), true, check.apply(name)));
            } catch (SdkException e) {
                out.add(new ResourceStatus(kind, variable, shortName(name), false, e.getClass().getSimpleName()));
            }
        });
    }

    /** Queue URLs and secret ARNs end in the resource's name; that is what an operator recognises. */
    private static String shortName(String reference) {
        int slash = reference.lastIndexOf('/');
        int colon = reference.lastIndexOf(':');
        return reference.substring(Math.max(slash, colon) + 1);
    }
}
