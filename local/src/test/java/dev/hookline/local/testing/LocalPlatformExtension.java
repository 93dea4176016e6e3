package dev.hookline.local.testing;

import dev.hookline.local.LocalOptions;
import dev.hookline.local.LocalPlatform;
import dev.hookline.local.aws.AwsEndpoints;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Starts the local platform once per test JVM and backend, and hands tests a {@link TestPlatform}. With
 * {@link Backend#LOCALSTACK} the same platform provisions template.yaml into a LocalStack container instead
 * of the embedded emulators: only the AWS endpoints differ.
 */
public final class LocalPlatformExtension implements ParameterResolver {
    public static final String LOCALSTACK_IMAGE = "localstack/localstack:4.14.0";

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestPlatform.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Backend backend = context.getRequiredTestClass().getAnnotation(WithPlatform.class) == null ? Backend.EMBEDDED
                : context.getRequiredTestClass().getAnnotation(WithPlatform.class).value();
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.create(LocalPlatformExtension.class));
        return store.getOrComputeIfAbsent(backend, b -> start(backend), TestPlatform.class);
    }

    private static TestPlatform start(Backend backend) {
        AdjustableClock clock = new AdjustableClock();
        LocalOptions options = LocalOptions.defaults()
                .withTemplate(RepoPaths.template())
                .withPort(0)
                .withClock(clock)
                .withNamePrefix("hookline-test-");
        LocalStackContainer container = null;
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
