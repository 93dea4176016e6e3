package dev.hookline.local.testing;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prints the OpenAPI contract coverage once the test plan (the whole integration run, in failsafe's JVM) has
 * finished, and keeps it in {@code target/openapi-coverage.txt}. Registered through META-INF/services.
 */
public final class ContractCoverageListener implements TestExecutionListener {
    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        OpenApiContract contract = OpenApiContract.peek();
        if (contract == null || !contract.anyExchange()) {
            return;
        }
        String coverage = contract.coverage();
        System.out.println(coverage);
        try {
            Files.writeString(Path.of("target", "openapi-coverage.txt"), coverage + System.lineSeparator());
        } catch (IOException ignored) {
            // The printed line is the report; the file is a convenience.
        }
    }
}
