package dev.hookline.local.bench;

import dev.hookline.core.inbound.verify.InboundRequest;
import dev.hookline.core.inbound.verify.StandardWebhooksScheme;
import dev.hookline.core.signing.Ed25519SigningKey;
import dev.hookline.core.signing.SignatureLimits;


import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.hookline.local.testing.Signers.bogusV1aCandidates;

/**
 * Issue 10's verification-cost figure, printed (not asserted): what one rejected Standard Webhooks request costs the
 * ingest function, by what its webhook-signature header carries: one bogus v1a candidate, as many as fit under the
 * header limit, 4,000 (the attack), and, for reference, what evaluating 4,000 would cost (the old loop).
 * Medians of interleaved rounds. Run: bench/verification-cost.sh [rounds]
 */
public final class VerificationCostBenchmark {
    private static final long NOW = 1_767_000_000L;
    private static final byte[] BODY = "{\"event\":\"invoice.paid\",\"amount\":42}".getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Ed25519SigningKey key = Ed25519SigningKey.generate(new Random(1));
        StandardWebhooksScheme scheme = new StandardWebhooksScheme(List.of(), List.of(key.publicKey()), null);
        InboundRequest one = request(bogusV1aCandidates(1));
        int fit = (SignatureLimits.MAX_HEADER_CHARS + 1) / (bogusV1aCandidates(1).length() + 1);
        InboundRequest underLimit = request(bogusV1aCandidates(fit));
        InboundRequest flood = request(bogusV1aCandidates(4_000));
        Instant now = Instant.ofEpochSecond(NOW);

        for (int i = 0; i < 200; i++) { // warm-up
            scheme.verify(one, now);
            scheme.verify(underLimit, now);
            scheme.verify(flood, now);
        }
        double[][] micros = new double[4][rounds];
        for (int r = 0; r < rounds; r++) {
            micros[0][r] = time(() -> scheme.verify(one, now), 200);
            micros[1][r] = time(() -> scheme.verify(underLimit, now), 200);
            micros[2][r] = time(() -> scheme.verify(flood, now), 200);
            micros[3][r] = time(() -> unbounded(4_000), 1);
        }
        for (double[] m : micros) {
            Arrays.sort(m);
        }
        System.out.printf("rejected request, 1 v1a candidate:                        %8.1f us%n", micros[0][rounds / 2]);
        System.out.printf("rejected request, %d v1a candidates (%d chars, at the limit): %8.1f us  (x%.2f)%n", fit,
                underLimit.header("webhook-signature").orElseThrow().length(), micros[1][rounds / 2],
                micros[1][rounds / 2] / micros[0][rounds / 2]);
        System.out.printf("rejected request, 4,000 v1a candidates (%d chars):       %8.1f us  (x%.2f, refused unread)%n",
                flood.header("webhook-signature").orElseThrow().length(), micros[2][rounds / 2],
                micros[2][rounds / 2] / micros[0][rounds / 2]);
        System.out.printf("for reference, evaluating all 4,000 (the unbounded loop):  %8.1f us%n", micros[3][rounds / 2]);
        System.out.println("Medians of " + rounds + " interleaved rounds on a shared 2-core machine (other builds beside it).");
    }

    private static InboundRequest request(String signatureHeader) {
        return InboundRequest.of("POST", "https://hooks.example/in/token", Map.of("webhook-id", "msg_flood",
                "webhook-timestamp", Long.toString(NOW), "webhook-signature", signatureHeader), BODY, "203.0.113.9");
    }


    /** The old loop's work: one Ed25519 verification per candidate, with the JDK's own Ed25519 (as Hookline uses). */
    private static void unbounded(int n) {
        try {
            java.security.KeyPair pair = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] content = ("msg_flood." + NOW + ".").getBytes(StandardCharsets.UTF_8);
            Random random = new Random(n);
            for (int i = 0; i < n; i++) {
                byte[] signature = new byte[64];
                random.nextBytes(signature);
                java.security.Signature verifier = java.security.Signature.getInstance("Ed25519");
                verifier.initVerify(pair.getPublic());
                verifier.update(content);
                verifier.update(BODY);
                try {
                    verifier.verify(signature);
                } catch (java.security.SignatureException invalid) {
                    // a bogus candidate
                }
            }
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Microseconds per call, over {@code calls} calls. */
    private static double time(Runnable call, int calls) {
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            call.run();
        }
        return (System.nanoTime() - start) / 1_000.0 / calls;
    }

}
