package dev.hookline.local.bench;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The child JVM of {@link ColdStartBenchmark}: what Lambda's Java runtime does at a cold start, and nothing else. It
 * loads the handler class named in the template from the deployment artifact, constructs it with its no-argument
 * constructor (the function's environment comes from the process), then hands it events as JSON, deserialised with
 * the Lambda runtime's own event serialisers for typed handlers. Prints one line per step for the parent to time.
 *
 * <p>Deliberately self-contained (one class, no nested ones): the parent copies it next to the artifact, so the child's
 * classpath is the artifact, this class and the runtime's serialisation library, as on Lambda.
 */
public final class ColdStartLauncher implements Context, LambdaLogger {

    private ColdStartLauncher() {
    }

    public static void main(String[] args) throws Exception {
        long main = System.nanoTime();
        System.out.println("STEP main");
        Class<?> type = Class.forName(args[0]);
        Object handler = type.getConstructor().newInstance();
        long constructed = System.nanoTime();
        System.out.printf("STEP constructed %.1f%n", (constructed - main) / 1e6);
        for (int i = 1; i < args.length; i++) {
            long start = System.nanoTime();
            String answer = invoke(handler, Files.readAllBytes(Path.of(args[i])));
            System.out.printf("STEP handled %.1f %s%n", (System.nanoTime() - start) / 1e6,
                    answer.replaceAll("\\s+", " "));
        }
        System.out.flush();
        System.exit(0);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String invoke(Object handler, byte[] event) throws Exception {
        ColdStartLauncher context = new ColdStartLauncher();
        if (handler instanceof RequestStreamHandler stream) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            stream.handleRequest(new ByteArrayInputStream(event), out, context);
            return out.toString(StandardCharsets.UTF_8);
        }
        Class<?> input = inputType(handler.getClass());
        Object typed = input == Object.class || input == java.util.Map.class
                ? new com.fasterxml.jackson.databind.ObjectMapper().readValue(event, Object.class)
                : ((PojoSerializer) LambdaEventSerializers.serializerFor(input, ColdStartLauncher.class.getClassLoader()))
                        .fromJson(new ByteArrayInputStream(event));
        Object result = ((RequestHandler) handler).handleRequest(typed, context);
        if (result == null) {
            return "null";
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ((PojoSerializer) LambdaEventSerializers.serializerFor(result.getClass(), ColdStartLauncher.class.getClassLoader()))
                .toJson(result, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Class<?> inputType(Class<?> handler) {
        for (Method m : handler.getMethods()) {
            if (m.getName().equals("handleRequest") && m.getParameterCount() == 2 && !m.isBridge()) {
                return m.getParameterTypes()[0];
            }
        }
        return Object.class;
    }

    @Override
    public String getAwsRequestId() {
        return "cold-start-" + System.nanoTime();
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/cold-start";
    }

    @Override
    public String getLogStreamName() {
        return "cold-start";
    }

    @Override
    public String getFunctionName() {
        return System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "cold-start");
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:000000000000:function:" + getFunctionName();
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return 30_000;
    }

    @Override
    public int getMemoryLimitInMB() {
        return Integer.parseInt(System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024"));
    }

    @Override
    public LambdaLogger getLogger() {
        return this;
    }

    @Override
    public void log(String message) {
        System.err.println(message);
    }

    @Override
    public void log(byte[] message) {
        System.err.println(new String(message, StandardCharsets.UTF_8));
    }
}
