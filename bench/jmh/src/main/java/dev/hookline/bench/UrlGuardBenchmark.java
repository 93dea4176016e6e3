package dev.hookline.bench;

import dev.hookline.core.outbound.GuardedTarget;
import dev.hookline.core.outbound.UnsafeUrlException;
import dev.hookline.core.outbound.UrlGuard;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The URL guard's own cost on every connect (parsing, host rules, classifying every resolved address), with DNS
 * answered from memory so the figure is the guard's and not the resolver's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class UrlGuardBenchmark {

    private UrlGuard guard;

    @Setup
    public void setUp() throws Exception {
        List<InetAddress> publicAnswer = List.of(InetAddress.getByAddress("hooks.example.com", new byte[]{93, (byte) 184, (byte) 215, 14}),
                InetAddress.getByAddress("hooks.example.com",
                        new byte[]{0x26, 0x06, 0x28, 0x00, 0x02, 0x20, 0, 1, 0x2, 0x48, 0x18, (byte) 0x93, 0x25, (byte) 0xc8, 0x19, 0x46}));
        List<InetAddress> rebinding = List.of(InetAddress.getByAddress("rebind.example.com", new byte[]{93, (byte) 184, (byte) 215, 14}),
                InetAddress.getByAddress("rebind.example.com", new byte[]{(byte) 169, (byte) 254, (byte) 169, (byte) 254}));
        guard = UrlGuard.strict(host -> host.equals("rebind.example.com") ? rebinding : publicAnswer);
        allowed();
        try {
            refused();
            throw new IllegalStateException("the guard let a metadata address through");
        } catch (UnsafeUrlException expected) {
            // the benchmark times the refusal below
        }
    }

    @Benchmark
    public GuardedTarget allowed() {
        return guard.check("https://hooks.example.com/webhooks/hookline?tenant=acme");
    }

    @Benchmark
    public Object refused() {
        try {
            return guard.check("https://rebind.example.com/hook");
        } catch (UnsafeUrlException e) {
            return e;
        }
    }
}
