package dev.hookline.local.testing;

import dev.hookline.local.LocalOptions;
import dev.hookline.local.LocalPlatform;
import dev.hookline.local.aws.AwsEndpoints;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Starts the local platform once per test JVM and backend, and hands tests a {@link TestPlatform}. With
 * {@link Backend#MOTO} or {@link Backend#LOCALSTACK} the same platform provisions template.yaml into a moto server
 * or a LocalStack container instead of the embedded emulators: only the AWS endpoints differ. Everything started
 * lives in the root store, which closes it (platform first, then its engine) when the test JVM is done.
 */
public final class LocalPlatformExtension implements ParameterResolver, ExecutionCondition {
    public static final String LOCALSTACK_IMAGE = "localstack/localstack:4.14.0";
    private static final String MOTO = "moto-server";

    /** The moto server of this JVM, or why there is none (kept, so a failed start is tried once, not per class). */
    private record MotoAvailability(MotoServer server, String failure) implements AutoCloseable {
        @Override
        public void close() {
            if (server != null) {
                server.close();
            }
        }
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestClass().isEmpty() || backend(context) != Backend.MOTO) {
            return ConditionEvaluationResult.enabled("not on moto");
        }
        MotoAvailability moto = moto(context);
        return moto.server() != null
                ? ConditionEvaluationResult.enabled("moto server at " + moto.server().endpoint())
                : ConditionEvaluationResult.disabled("python3 -m moto.server cannot start here: " + moto.failure());
    }

    private static MotoAvailability moto(ExtensionContext context) {
        return store(context).getOrComputeIfAbsent(MOTO, k -> {
            try {
                return new MotoAvailability(MotoServer.start(), null);
            } catch (java.io.IOException | RuntimeException e) {
                System.err.println("[LocalPlatformExtension] *MotoIT skipped: python3 -m moto.server cannot start: " + e.getMessage());
                return new MotoAvailability(null, e.getMessage());
            }
        }, MotoAvailability.class);
    }

    private static Backend backend(ExtensionContext context) {
        WithPlatform with = context.getRequiredTestClass().getAnnotation(WithPlatform.class);
        return with == null ? Backend.EMBEDDED : with.value();
    }

    private static ExtensionContext.Store store(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.create(LocalPlatformExtension.class));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestPlatform.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Backend backend = backend(context);
        MotoAvailability moto = backend == Backend.MOTO ? moto(context) : null;
        if (moto != null && moto.server() == null) {
            throw new TestAbortedException("python3 -m moto.server cannot start here: " + moto.failure());
        }
        return store(context).getOrComputeIfAbsent(backend, b -> start(backend, moto == null ? null : moto.server()),
                TestPlatform.class);
    }

    private static TestPlatform start(Backend backend, MotoServer moto) {
        AdjustableClock clock = new AdjustableClock();
        LocalOptions options = LocalOptions.defaults()
                .withTemplate(RepoPaths.template())
                .withPort(0)
                .withClock(clock)
                .withNamePrefix("hookline-test-")
                // Receivers in the mutual TLS tests serve certificates from this CA.
                .withEnvironment("OUTBOUND_EXTRA_CA_FILE", TestPki.shared().caFile().toString());
        LocalStackContainer container = null;
        if (backend == Backend.MOTO) {
            // moto takes any credentials; the region routes nothing (one endpoint serves every service).
            options = options.withAws(AwsEndpoints.single(moto.endpoint(), MotoServer.REGION, "testing", "testing"));
        }
        if (backend == Backend.LOCALSTACK) {
            container = new LocalStackContainer(DockerImageName.parse(LOCALSTACK_IMAGE))
                    .withServices("sqs", "dynamodb", "secretsmanager");
            container.start();
            options = options.withAws(AwsEndpoints.single(container.getEndpoint(), container.getRegion(),
                    container.getAccessKey(), container.getSecretKey()));
        }
        try {
            return new TestPlatform(LocalPlatform.start(options), clock, container);
        } catch (java.io.IOException e) {
            if (container != null) {
                container.stop();
            }
            throw new IllegalStateException("The local platform did not start", e);
        }
    }
}
