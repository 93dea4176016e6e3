package dev.hookline.functions.wiring;

import dev.hookline.infrastructure.config.Environment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The composition root builds each object once per execution environment: every getter answers the same instance
 * on every call (so two handlers or routes never hold different caches), also when threads race for the first one,
 * and building touches no network (these roots point at an account that does not exist).
 */
class WiringTest {
    @TempDir
    Path attachments;

    private Wiring root() {
        Map<String, String> env = new HashMap<>();
        env.put("ENTITIES_TABLE", "entities");
        env.put("DELIVERIES_TABLE", "deliveries");
        env.put("IDEMPOTENCY_TABLE", "idempotency");
        env.put("STREAMS_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/000000000000/streams.fifo");
        env.put("DELIVERY_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/000000000000/delivery");
        env.put("MASTER_KEY_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:master");
        env.put("ADMIN_KEY_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:admin");
        env.put("ATTACHMENTS_BUCKET", "attachments");
        env.put("ATTACHMENTS_DIR", attachments.toString());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "x");
        env.put("AWS_SECRET_ACCESS_KEY", "x");
        return Wiring.from(new Environment(env));
    }

    /** Every public getter of an object (not a value computed from the environment, like retention). */
    private static List<Method> getters() {
        List<Method> out = new ArrayList<>();
        for (Method m : Wiring.class.getMethods()) {
            if (m.getDeclaringClass() == Wiring.class && m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers())
                    && !m.getReturnType().isPrimitive() && m.getReturnType() != void.class
                    && m.getReturnType() != Duration.class) {
                out.add(m);
            }
        }
        return out;
    }

    @Test
    void everyGetterAnswersTheSameObjectEveryTime() throws Exception {
        Wiring root = root();
        List<Method> getters = getters();
        assertTrue(getters.size() >= 35, "the root's getters were found: " + getters);
        for (Method getter : getters) {
            Object first = getter.invoke(root);
            assertNotNull(first, getter.getName());
            assertSame(first, getter.invoke(root), getter.getName() + " builds once");
        }
    }

    @Test
    void threadsRacingForTheFirstObjectAllGetTheSameOne() throws Exception {
        for (int round = 0; round < 20; round++) {
            Wiring root = root();
            CountDownLatch start = new CountDownLatch(1);
            Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            List<Future<Object>> calls = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                for (int i = 0; i < 8; i++) {
                    calls.add(pool.submit(() -> {
                        start.await();
                        return root.endpointAdmin(); // itself built on a dozen shared objects
                    }));
                }
                start.countDown();
                for (Future<Object> call : calls) {
                    seen.add(call.get());
                }
            }
            assertEquals(1, seen.size(), "round " + round + ": one endpoint admin per root");
        }
    }

    @Test
    void eachExecutionEnvironmentBuildsItsOwn() {
        Wiring one = root();
        Wiring other = root();
        assertNotSame(one.endpointAdmin(), other.endpointAdmin());
        assertNotSame(one.sender(), other.sender());
        assertSame(one.endpointLists(), one.endpointLists());
    }
}
