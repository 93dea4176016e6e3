package dev.hookline.bench;

import com.standardwebhooks.Webhook;
import dev.hookline.core.signing.SigningSecret;
import dev.hookline.core.signing.WebhookHeaders;
import dev.hookline.core.signing.WebhookSigner;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Signing one delivery (the three Standard Webhooks headers) against the Standard Webhooks library's sign, both at
 * the same time in one JMH group (one thread each), so they share whatever else the machine is doing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SignBenchmark {

    @Param({"1024"})
    public int bodyBytes;

    private String body;
    private byte[] raw;
    private WebhookSigner hookline;
    private Webhook standardWebhooks;
    private final Instant at = Instant.ofEpochSecond(1_764_676_800L);

    @Setup
    public void setUp() throws Exception {
        body = Inputs.jsonBody(bodyBytes);
        raw = body.getBytes(StandardCharsets.UTF_8);
        hookline = WebhookSigner.of(SigningSecret.parse(Inputs.WHSEC));
        standardWebhooks = new Webhook(Inputs.WHSEC);
        String ours = hookline.sign(Inputs.MSG_ID, at, raw).signature();
        String theirs = standardWebhooks.sign(Inputs.MSG_ID, at.getEpochSecond(), body);
        if (!ours.equals(theirs)) {
            throw new IllegalStateException("the two signers disagree: " + ours + " vs " + theirs);
        }
    }

    @Benchmark
    @Group("sign")
    @GroupThreads(1)
    public WebhookHeaders hooklineSign() {
        return hookline.sign(Inputs.MSG_ID, at, raw);
    }

    @Benchmark
    @Group("sign")
    @GroupThreads(1)
    public String standardWebhooksLibrary() throws Exception {
        return standardWebhooks.sign(Inputs.MSG_ID, at.getEpochSecond(), body);
    }
}
