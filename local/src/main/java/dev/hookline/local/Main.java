package dev.hookline.local;

import dev.hookline.local.console.QuietConsole;
import dev.hookline.local.faults.FaultInjector;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** {@code ./hookline-local [--port N] [--host H] [--data-dir DIR] [--template FILE] [--strict-urls]}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        LocalOptions options = parse(args, LocalOptions.defaults());
        Path log = QuietConsole.install(options.dataDir());
        String faults = System.getenv("HOOKLINE_FAULTS");
        if (faults != null && !faults.isBlank()) {
            FaultInjector.parse(faults).install();
            System.out.println("  Fault injection is ON: " + faults + " (HOOKLINE_FAULTS)");
        }
        LocalPlatform platform = LocalPlatform.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Hookline local...");
            platform.close();
            stopped.countDown();
        }));
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println(banner(platform, options, millis, log));
        stopped.await();
    }

    static LocalOptions parse(String[] args, LocalOptions options) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--port" -> options = options.withPort(Integer.parseInt(value(args, ++i, arg)));
                case "--host" -> options = options.withBindHost(value(args, ++i, arg));
                case "--data-dir" -> options = options.withDataDir(Path.of(value(args, ++i, arg)));
                case "--template" -> options = options.withTemplate(Path.of(value(args, ++i, arg)));
                case "--strict-urls" -> options = options.withEnvironment("ALLOW_HTTP_ENDPOINTS", "false")
                        .withEnvironment("ALLOW_PRIVATE_TARGETS", "false");
                case "--help", "-h" -> {
                    System.out.println("Usage: ./hookline-local [--port 3000] [--host 127.0.0.1] [--data-dir DIR]"
                            + " [--template template.yaml] [--strict-urls]");
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("Unknown option " + arg + " (try --help)");
            }
        }
        return options;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static String banner(LocalPlatform platform, LocalOptions options, long startMillis, Path log) {
        String base = platform.baseUri().toString();
        return String.join("\n",
                "",
                "  Hookline local is up (" + startMillis + " ms)",
                "",
                "  Console     " + base + "/console/",
                "  API         " + base + "/v1",
                "  Health      " + base + "/health",
                "  Ingest      " + base + "/in/{token}",
                "  Admin key   " + platform.adminKey(),
                "  State       " + (options.dataDir() == null ? "in memory (use --data-dir DIR to keep it)"
                        : options.dataDir().toAbsolutePath() + " (tables, streams, queued messages and secrets)"),
                "  Outbound    " + ("true".equals(options.environmentOverrides().get("ALLOW_PRIVATE_TARGETS"))
                        ? "http and loopback/private receivers allowed (--strict-urls for production rules)"
                        : "https and public addresses only"),
                "  Emulators   logging to " + log.toAbsolutePath(),
                "",
                "  Try:  curl -s " + base + "/health",
                "        curl -s -X POST " + base + "/v1/tenants -H 'Authorization: Bearer <admin key>' -d '{\"name\":\"acme\"}'",
                "",
                "  Ctrl-C stops it.",
                "");
    }
}
