package dev.hookline.local.runtime;

import com.amazonaws.services.lambda.runtime.RequestHandler;
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
 * constructed once with the function's environment, invoked with a {@link LocalContext} and cut off at
 * the function's timeout. Handlers are written thread-safe, so one instance serves concurrent calls
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
    private final RequestHandler<Object, Object> handler;
    private final ExecutorService invocations = Executors.newVirtualThreadPerTaskExecutor();

    public LocalFunction(FunctionSpec spec, Map<String, String> environment, Clock clock) {
        this.spec = spec;
        this.environment = Map.copyOf(environment);
        this.handler = instantiate(spec, this.environment, clock);
    }

    @SuppressWarnings("unchecked")
    private static RequestHandler<Object, Object> instantiate(FunctionSpec spec, Map<String, String> environment,
                                                              Clock clock) {
        try {
            Class<?> type = Class.forName(spec.handlerClass());
            if (!RequestHandler.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException(spec.handlerClass() + " is not a RequestHandler");
            }
            if (clock != null) {
                Constructor<?> ctor = type.getConstructor(Map.class, Clock.class);
                return (RequestHandler<Object, Object>) ctor.newInstance(environment, clock);
            }
            Constructor<?> ctor = type.getConstructor(Map.class);
            return (RequestHandler<Object, Object>) ctor.newInstance(environment);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot construct " + spec.handlerClass()
                    + " with its environment (it needs a public (Map<String,String>) constructor, and (Map, Clock) when a clock is given)", e);
        }
    }

    public FunctionSpec spec() {
        return spec;
    }

    public Map<String, String> environment() {
        return environment;
    }

    /** Invokes the handler; throws {@link TimedOut} at the function's timeout, or the handler's own error. */
    public Object invoke(Object event) {
        LocalContext context = new LocalContext(spec.logicalId(), spec.memoryMb(), spec.timeoutSeconds());
        Future<Object> result = invocations.submit(() -> handler.handleRequest(event, context));
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

    @Override
    public void close() {
        invocations.shutdownNow();
    }
}
