package dev.hookline.local.runtime;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.hookline.functions.wiring.Wiring;
import dev.hookline.infrastructure.config.Environment;
import dev.hookline.local.template.FunctionSpec;

import java.lang.reflect.Constructor;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One function of the template, as Lambda would run it: the handler class named in template.yaml,
 * constructed once through a composition root built from the function's environment, invoked with a
 * {@link LocalContext} and cut off at the function's timeout. Handlers are written thread-safe, so one instance serves concurrent calls
 * (Lambda would use one instance per concurrent call; the handler code cannot tell the difference).
 */
public final class LocalFunction implements AutoCloseable {
    public static final class TimedOut extends RuntimeException {
        TimedOut(String function, int seconds) {
            super("Task timed out after " + seconds + " seconds (" + function + ")");
        }
    }

    private final FunctionSpec spec;
    private final Map<String, String> environment;
    private final Object handler;
    private final ExecutorService invocations = Executors.newVirtualThreadPerTaskExecutor();
    private final java.util.concurrent.atomic.LongAdder invoked = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder billedMillis = new java.util.concurrent.atomic.LongAdder();

    public LocalFunction(FunctionSpec spec, Map<String, String> environment, Clock clock) {
        this.spec = spec;
        this.environment = Map.copyOf(environment);
        this.handler = instantiate(spec, this.environment, clock);
    }

    /**
     * Hookline's handlers are obtained through the composition root, one per function as Lambda builds one per
     * execution environment: the handler's (Wiring) constructor, given a root built from the function's environment
     * and the runner's clock. A handler of another project (the runner's own test templates) gets its environment
     * through a (Map<String,String>) constructor instead.
     */
    private static Object instantiate(FunctionSpec spec, Map<String, String> environment, Clock clock) {
        try {
            Class<?> type = Class.forName(spec.handlerClass());
            if (!RequestHandler.class.isAssignableFrom(type) && !RequestStreamHandler.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException(spec.handlerClass() + " is neither a RequestHandler nor a RequestStreamHandler");
            }
            Constructor<?> root = rootConstructor(type);
            if (root != null) {
                Environment env = new Environment(environment);
                return root.newInstance(clock != null ? Wiring.from(env, clock) : Wiring.from(env));
            }
            return type.getConstructor(Map.class).newInstance(environment);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot construct " + spec.handlerClass()
                    + " (it needs a public (Wiring) constructor, or (Map<String,String>) for a handler of another project)", e);
        }
    }

    private static Constructor<?> rootConstructor(Class<?> type) {
        try {
            return type.getConstructor(Wiring.class);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    public FunctionSpec spec() {
        return spec;
    }

    public Map<String, String> environment() {
        return environment;
    }

    /** The handler instance this function's invocations run on (built once, like an execution environment's). */
    public Object handler() {
        return handler;
    }

    /** Invocations so far (for the cost report: Lambda bills each one). */
    public long invocationCount() {
        return invoked.sum();
    }

    /** The sum of the invocations' durations, each rounded up to a millisecond as Lambda bills them. */
    public long billedMillis() {
        return billedMillis.sum();
    }

    /** Invokes the handler; throws {@link TimedOut} at the function's timeout, or the handler's own error. */
    public Object invoke(Object event) {
        LocalContext context = new LocalContext(spec.logicalId(), spec.memoryMb(), spec.timeoutSeconds());
        Future<Object> result = invocations.submit(() -> {
            long start = System.nanoTime();
            try {
                return call(event, context);
            } finally {
                // Lambda bills each invocation's duration rounded up to the millisecond.
                invoked.increment();
                billedMillis.add((System.nanoTime() - start + 999_999) / 1_000_000);
            }
        });
        try {
            return result.get(spec.timeoutSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new TimedOut(spec.logicalId(), spec.timeoutSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.cancel(true);
            throw new IllegalStateException("Interrupted while " + spec.logicalId() + " ran", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            // An Error (linkage, stack overflow) is what Lambda would report too: name it, do not hide it.
            throw new IllegalStateException(spec.logicalId() + " failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * A stream handler gets the event as Lambda would send it, JSON; its JSON answer to an HTTP API event is
     * read back as the payload-2.0 response, the way API Gateway reads it.
     */
    @SuppressWarnings("unchecked")
    private Object call(Object event, LocalContext context) throws java.io.IOException {
        if (handler instanceof RequestHandler<?, ?> typed) {
            return ((RequestHandler<Object, Object>) typed).handleRequest(event, context);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ((RequestStreamHandler) handler).handleRequest(new java.io.ByteArrayInputStream(LambdaJson.write(event)), out, context);
        return event instanceof APIGatewayV2HTTPEvent ? LambdaJson.read(out.toByteArray(), APIGatewayV2HTTPResponse.class)
                : LambdaJson.tree(out.toByteArray());
    }

    @Override
    public void close() {
        invocations.shutdownNow();
    }
}
