package dev.hookline.bench;

import com.standardwebhooks.Webhook;
import dev.hookline.core.inbound.verify.InboundRequest;
import dev.hookline.core.inbound.verify.StandardWebhooksScheme;
import dev.hookline.core.inbound.verify.SignatureScheme;
import dev.hookline.core.inbound.verify.Verification;
import dev.hookline.core.inbound.verify.VendorPresets;
import dev.hookline.core.signing.SigningSecret;
import dev.hookline.core.signing.VerificationResult;
import dev.hookline.core.signing.WebhookSigner;
import dev.hookline.core.signing.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Verifying one signed webhook: Hookline's verifier (as a receiver of Hookline's own deliveries uses it, and through
 * the ingest scheme) against the Standard Webhooks library and stripe-java, on the same body, secret and signature.
 *
 * <p>Each comparison is a JMH group: Hookline and the library run at the same time, one thread each, so both see the
 * same neighbours on a shared machine and their ratio holds even when the absolute figures swing.
 *
 * <p>Every iteration signs afresh with the current time, so no library's five-minute window lapses during a long run,
 * and each one is checked to accept its input before it is timed: a benchmark of rejections would measure nothing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VerifyBenchmark {

    @Param({"1024"})
    public int bodyBytes;

    private String body;
    private byte[] bodyBytesRaw;
    private String timestamp;
    private String signature;
    private String stripeHeader;

    private WebhookVerifier hookline;
    private StandardWebhooksScheme hooklineScheme;
    private SignatureScheme hooklineStripe;
    private Webhook standardWebhooks;
    private Map<String, List<String>> standardHeaders;
    private InboundRequest standardRequest;
    private InboundRequest stripeRequest;

    @Setup(Level.Trial)
    public void keys() throws Exception {
        body = Inputs.jsonBody(bodyBytes);
        bodyBytesRaw = body.getBytes(StandardCharsets.UTF_8);
        SigningSecret secret = SigningSecret.parse(Inputs.WHSEC);
        hookline = new WebhookVerifier(List.of(secret), List.of(), Clock.systemUTC());
        hooklineScheme = new StandardWebhooksScheme(List.of(secret), List.of(), Duration.ofMinutes(5));
        // Stripe is data now (a preset's spec): the scheme ingest builds for a stripe source.
        hooklineStripe = SignatureScheme.withSecrets(VendorPresets.STRIPE.type(), VendorPresets.STRIPE.spec(),
                List.of(Inputs.STRIPE_SECRET.getBytes(StandardCharsets.UTF_8)));
        standardWebhooks = new Webhook(Inputs.WHSEC);
    }

    @Setup(Level.Iteration)
    public void sign() throws Exception {
        long now = Instant.now().getEpochSecond();
        timestamp = Long.toString(now);
        signature = WebhookSigner.v1(SigningSecret.parse(Inputs.WHSEC), Inputs.MSG_ID, now, bodyBytesRaw);
        standardHeaders = Map.of("webhook-id", List.of(Inputs.MSG_ID), "webhook-timestamp", List.of(timestamp),
                "webhook-signature", List.of(signature));
        standardRequest = InboundRequest.of("POST", "https://hooks.example/in/x",
                Map.of("webhook-id", Inputs.MSG_ID, "webhook-timestamp", timestamp, "webhook-signature", signature,
                        "content-type", "application/json"), bodyBytesRaw, "203.0.113.9");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Inputs.STRIPE_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        stripeHeader = "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(mac.doFinal(bodyBytesRaw));
        stripeRequest = InboundRequest.of("POST", "https://hooks.example/in/x",
                Map.of("stripe-signature", stripeHeader, "content-type", "application/json"), bodyBytesRaw,
                "203.0.113.9");

        if (!hooklineVerifier().verified() || !hooklineStandardWebhooksScheme().verified()
                || !hooklineStripeScheme().verified()) {
            throw new IllegalStateException("Hookline did not accept the benchmark's own signature");
        }
        standardWebhooksLibrary();
        stripeJava();
    }

    @Benchmark
    @Group("standardWebhooks")
    @GroupThreads(1)
    public VerificationResult hooklineVerifier() {
        return hookline.verify(Inputs.MSG_ID, timestamp, signature, bodyBytesRaw);
    }

    /** What ingest runs for a standard-webhooks source: header lookup, scheme, verifier. */
    @Benchmark
    @Group("standardWebhooksScheme")
    @GroupThreads(1)
    public Verification hooklineStandardWebhooksScheme() {
        return hooklineScheme.verify(standardRequest, Instant.now());
    }

    @Benchmark
    @Group("standardWebhooks")
    @GroupThreads(1)
    public Object standardWebhooksLibrary() throws Exception {
        standardWebhooks.verify(body, standardHeaders);
        return standardWebhooks;
    }

    /** The same library call, beside the scheme in its own group. */
    @Benchmark
    @Group("standardWebhooksScheme")
    @GroupThreads(1)
    public Object standardWebhooksLibraryBesideScheme() throws Exception {
        return standardWebhooksLibrary();
    }

    @Benchmark
    @Group("stripe")
    @GroupThreads(1)
    public Verification hooklineStripeScheme() {
        return hooklineStripe.verify(stripeRequest, Instant.now());
    }

    @Benchmark
    @Group("stripe")
    @GroupThreads(1)
    public Object stripeJava() throws Exception {
        return com.stripe.net.Webhook.Signature.verifyHeader(body, stripeHeader, Inputs.STRIPE_SECRET, 300);
    }
}
