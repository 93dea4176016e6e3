package dev.hookline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.functions.DeliveryHandler;
import dev.hookline.functions.IngestHandler;
import dev.hookline.local.bench.CostMeter;
import dev.hookline.local.testing.TestPlatform;
import dev.hookline.local.testing.WithPlatform;
import org.crac.Resource;
import org.junit.jupiter.api.Test;

/**
 * SnapStart priming warms the SDK's request path, not only parsing: before a checkpoint every handler reads through its
 * clients (a DynamoDB key that does not exist, a queue's attributes), and writes nothing.
 */
@WithPlatform
class PrimingIT {

    @Test
    void aCheckpointReadsThroughTheSdkAndWritesNothing(TestPlatform p) throws Exception {
        // The handlers the runner obtained through each function's composition root.
        IngestHandler ingest = (IngestHandler) p.platform().function("IngestFunction").handler();
        DeliveryHandler delivery = (DeliveryHandler) p.platform().function("DeliveryFunction").handler();
        CostMeter.start();
        try {
            // What the JVM does at a SnapStart checkpoint. Without a CRaC runtime org.crac registers nothing, so the
            // resource each handler registered is called here directly, the way the checkpoint would call it.
            checkpoint(ingest);
            checkpoint(delivery);
        } finally {
            CostMeter.Usage usage = CostMeter.stop();
            assertTrue(usage.calls("DynamoDb.GetItem") >= 2, "each handler read a key that does not exist: " + usage.calls());
            assertTrue(usage.calls("Sqs.GetQueueAttributes") >= 2, "and went through the SQS client: " + usage.calls());
            assertEquals(0.0, usage.writeUnits(), "priming writes nothing: " + usage.calls());
            assertEquals(0, usage.calls().keySet().stream()
                    .filter(op -> op.matches(".*(Put|Update|Delete|Write|Send).*")).count(), usage.calls().toString());
            assertEquals(0, usage.callsOf("SecretsManager"), "no secret is read into a snapshot");
        }
    }

    private static void checkpoint(Object handler) throws Exception {
        java.lang.reflect.Field field = handler.getClass().getDeclaredField("priming");
        field.setAccessible(true);
        ((Resource) field.get(handler)).beforeCheckpoint(null);
    }
}
