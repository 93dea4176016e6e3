package dev.hookline.local.bench;

import dev.hookline.core.delivery.OutboundRequest;
import dev.hookline.core.delivery.OutboundResponse;
import dev.hookline.core.outbound.ClientIdentity;
import dev.hookline.core.outbound.PemIdentity;
import dev.hookline.core.outbound.SystemHostResolver;
import dev.hookline.core.outbound.UrlGuard;
import dev.hookline.infrastructure.http.HttpWebhookSender;
import dev.hookline.local.testing.TestPki;
import dev.hookline.local.testing.TestReceiver;
import dev.hookline.local.testing.TestReceiver.Answer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Issue 11's mutual TLS cost, printed (not asserted): one delivery on a fresh connection (the receiver answers
 * {@code Connection: close}, so every send is TCP + TLS handshake + request) through the real sender on loopback,
 * without a client certificate, with an EC P-256 one and with an RSA 2048 one; and, for scale, on a reused connection.
 * Medians of interleaved rounds. Run: bench/mutual-tls.sh [rounds]
 */
public final class MutualTlsBenchmark {
    public static void main(String[] args) throws Exception {
        BenchConsole.quiet("mutual-tls");
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        TestPki servers = new TestPki("bench receiver CA");
        TestPki clients = new TestPki("bench client CA");
        Answer close = Answer.status(200).withHeader("Connection", "close");
        try (TestReceiver plain = new TestReceiver(servers.receiverContext(clients.ca()), false);
             TestReceiver mutual = new TestReceiver(servers.receiverContext(clients.ca()), true);
             TestReceiver reused = new TestReceiver(servers.receiverContext(clients.ca()), true);
             HttpWebhookSender sender = new HttpWebhookSender(new UrlGuard(new SystemHostResolver(), true, true),
                     servers.caFile())) {
            plain.otherwise(() -> close);
            mutual.otherwise(() -> close);
            ClientIdentity ec = identity(clients.client("bench-ec"));
            ClientIdentity rsa = identity(clients.rsaClient("bench-rsa"));
            List<Long> none = new ArrayList<>();
            List<Long> withEc = new ArrayList<>();
            List<Long> withRsa = new ArrayList<>();
            List<Long> pooled = new ArrayList<>();
            for (int i = 0; i < rounds + 50; i++) { // the first 50 are warm-up
                long a = time(sender, plain, null);
                long b = time(sender, mutual, ec);
                long c = time(sender, mutual, rsa);
                long d = time(sender, reused, ec);
                if (i >= 50) {
                    none.add(a);
                    withEc.add(b);
                    withRsa.add(c);
                    pooled.add(d);
                }
            }
            drain(plain);
            drain(mutual);
            drain(reused);
            System.out.printf("fresh connection, no client certificate:   median %.2f ms%n", median(none));
            System.out.printf("fresh connection, EC P-256 client cert:    median %.2f ms (x%.2f)%n", median(withEc),
                    median(withEc) / median(none));
            System.out.printf("fresh connection, RSA 2048 client cert:    median %.2f ms (x%.2f)%n", median(withRsa),
                    median(withRsa) / median(none));
            System.out.printf("pooled connection, EC client cert (reuse): median %.2f ms%n", median(pooled));
            System.out.printf("(%d interleaved rounds on loopback; TLS 1.3; a shared, busy machine: compare ratios)%n", rounds);
        }
    }

    private static ClientIdentity identity(TestPki.Issued issued) throws PemIdentity.InvalidPem {
        return PemIdentity.parse(issued.certificatePem(), issued.privateKeyPem(), Instant.now()).identity();
    }

    private static long time(HttpWebhookSender sender, TestReceiver receiver, ClientIdentity identity) {
        long start = System.nanoTime();
        OutboundResponse r = sender.send(new OutboundRequest(receiver.url("/"), Map.of("x-bench", "1"),
                "{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10), identity));
        long elapsed = System.nanoTime() - start;
        if (r.statusCode() != 200) {
            throw new IllegalStateException("send failed: " + r.error());
        }
        return elapsed;
    }

    private static void drain(TestReceiver receiver) {
        while (receiver.next(Duration.ZERO) != null) {
            // the receiver keeps what it got; nothing to check here
        }
    }

    private static double median(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2) / 1e6;
    }
}
