package dev.hookline.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark in rounds and prints medians, and Hookline's throughput over each library's.
 *
 * <p>Why rounds and groups: on a shared two-core machine the load moves by the minute. The comparisons are JMH groups
 * (Hookline and the library at the same time, one thread each), so each round's ratio is taken under one load; the
 * median over rounds then discards the rounds a neighbour spoiled. The absolute ops/ms are printed, but only the
 * ratios are comparable between runs.
 *
 * <p>Args: {@code [rounds=5] [regex of benchmark classes=.*]}.
 */
public final class SideBySide {

    /** Hookline method, the library method it runs beside, and the goal for the ratio (0 for none). */
    private static final String[][] PAIRS = {
            {"hooklineVerifier", "standardWebhooksLibrary", "1.5"},
            {"hooklineStandardWebhooksScheme", "standardWebhooksLibraryBesideScheme", "0"},
            {"hooklineStripeScheme", "stripeJava", "0"},
            {"hooklineSign", "standardWebhooksLibrary", "0"},
    };

    private SideBySide() {
    }

    public static void main(String[] args) throws RunnerException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String filter = args.length > 1 ? args[1] : ".*";
        Map<String, List<Double>> scores = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            System.out.printf("round %d of %d%n", round, rounds);
            for (RunResult run : new Runner(new OptionsBuilder()
                    .include("dev\\.hookline\\.bench\\.(" + filter + ")")
                    .forks(1)
                    .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(4).measurementTime(TimeValue.seconds(1))
                    .timeUnit(TimeUnit.MILLISECONDS)
                    .verbosity(VerboseMode.SILENT)
                    .build()).run()) {
                String bench = run.getParams().getBenchmark();
                String klass = bench.substring(bench.lastIndexOf('.', bench.lastIndexOf('.') - 1) + 1, bench.lastIndexOf('.'));
                Map<String, Result> secondary = run.getSecondaryResults();
                if (secondary.isEmpty()) {
                    scores.computeIfAbsent(klass + "." + bench.substring(bench.lastIndexOf('.') + 1), k -> new ArrayList<>())
                            .add(run.getPrimaryResult().getScore());
                } else {
                    secondary.forEach((method, result) ->
                            scores.computeIfAbsent(klass + "." + method, k -> new ArrayList<>()).add(result.getScore()));
                }
            }
        }
        System.out.println();
        System.out.printf("%d rounds (a fork each: 3 x 1 s warm-up, 4 x 1 s measured); comparisons ran side by side%n", rounds);
        System.out.printf("%-60s %12s %12s %12s%n", "benchmark", "median", "min", "max");
        scores.forEach((b, s) -> System.out.printf("%-60s %9.1f/ms %9.1f/ms %9.1f/ms%n", b, median(s),
                s.stream().mapToDouble(d -> d).min().orElse(0), s.stream().mapToDouble(d -> d).max().orElse(0)));
        System.out.println();
        System.out.println("Hookline / library, run side by side; the median of the rounds' ratios:");
        for (String[] pair : PAIRS) {
            for (String klass : List.of("VerifyBenchmark", "SignBenchmark")) {
                List<Double> ours = scores.get(klass + "." + pair[0]);
                List<Double> theirs = scores.get(klass + "." + pair[1]);
                if (ours == null || theirs == null) {
                    continue;
                }
                List<Double> ratios = new ArrayList<>();
                for (int i = 0; i < Math.min(ours.size(), theirs.size()); i++) {
                    ratios.add(ours.get(i) / theirs.get(i));
                }
                double ratio = median(ratios);
                double goal = Double.parseDouble(pair[2]);
                System.out.printf("  %-52s / %-36s = %.2fx  rounds %s%s%n", klass + "." + pair[0], pair[1], ratio,
                        ratios.stream().map(r -> String.format("%.2f", r)).toList(),
                        goal == 0 ? "" : ratio >= goal ? "  (goal >= " + goal + "x: met)" : "  (goal >= " + goal + "x: NOT met)");
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
