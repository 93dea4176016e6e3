package dev.hookline.infrastructure.dynamo;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a loaded network does to a write: the request reaches DynamoDB and is applied, but its answer is lost, so the
 * SDK retries a write that already landed. The next {@code n} answers to {@code operation} are replaced by a 500
 * (the SDK's cue to retry); the server has done the work all the same.
 */
final class LostAnswers implements ExecutionInterceptor {
    private static final ExecutionAttribute<Boolean> LOSING = new ExecutionAttribute<>("LostAnswers.losing");
    private static final byte[] ERROR = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"the answer was lost\"}"
            .getBytes(StandardCharsets.UTF_8);

    private final String operation;
    private final AtomicInteger toLose = new AtomicInteger();
    private final AtomicInteger lost = new AtomicInteger();

    LostAnswers(String operation) {
        this.operation = operation;
    }

    /** Loses the answers of the next {@code n} tries of the operation. */
    void loseNext(int n) {
        toLose.set(n);
    }

    /** How many answers were lost (each one a try that was applied and then retried). */
    int lost() {
        return lost.get();
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        boolean losing = operation.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
                && context.httpResponse().isSuccessful() && toLose.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        attributes.putAttribute(LOSING, losing);
        if (!losing) {
            return context.httpResponse();
        }
        lost.incrementAndGet();
        // The checksum was of the answer that never arrived.
        return context.httpResponse().toBuilder().statusCode(500).statusText("Internal Server Error")
                .removeHeader("x-amz-crc32").putHeader("Content-Length", Integer.toString(ERROR.length)).build();
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        return Boolean.TRUE.equals(attributes.getAttribute(LOSING)) ? Optional.of(new ByteArrayInputStream(ERROR))
                : context.responseBody();
    }
}
