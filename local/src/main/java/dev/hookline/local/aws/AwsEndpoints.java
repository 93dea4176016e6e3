package dev.hookline.local.aws;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the platform's AWS calls go, as the environment variables the SDK (and our client factory) read:
 * per-service endpoints for the embedded emulators, one endpoint for LocalStack.
 */
public record AwsEndpoints(URI dynamo, URI sqs, URI secrets, URI s3, String region, String accessKey,
                           String secretKey) {

    /** The embedded engine has no S3: stream attachments go to a directory instead (see LocalPlatform). */
    public static AwsEndpoints of(EmbeddedAws embedded) {
        return new AwsEndpoints(embedded.dynamoEndpoint(), embedded.sqsEndpoint(), embedded.secretsEndpoint(), null,
                EmbeddedAws.REGION, "local", "local");
    }

    public static AwsEndpoints single(URI endpoint, String region, String accessKey, String secretKey) {
        return new AwsEndpoints(endpoint, endpoint, endpoint, endpoint, region, accessKey, secretKey);
    }

    public Map<String, String> asEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", region);
        env.put("AWS_DEFAULT_REGION", region);
        env.put("AWS_ACCESS_KEY_ID", accessKey);
        env.put("AWS_SECRET_ACCESS_KEY", secretKey);
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamo.toString());
        env.put("AWS_ENDPOINT_URL_SQS", sqs.toString());
        env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", secrets.toString());
        if (s3 != null) {
            env.put("AWS_ENDPOINT_URL_S3", s3.toString());
        }
        return env;
    }
}
