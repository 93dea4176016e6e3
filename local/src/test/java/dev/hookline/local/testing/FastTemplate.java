package dev.hookline.local.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * template.yaml with the delivery queue's clocks turned down for tests that must watch messages fail, reach the
 * dead-letter queue and be reconciled in seconds: a 2 s visibility timeout, two receives before the DLQ, and the
 * reconciler's grace at 3 s (still longer than the visibility timeout, as the real one is). Everything else is the
 * template as deployed.
 */
public final class FastTemplate {
    private FastTemplate() {
    }

    public static Path write(Path dir) throws IOException {
        String yaml = Files.readString(RepoPaths.template());
        yaml = replaceInBlock(yaml, "  DeliveryQueue:\n", "VisibilityTimeout: 360", "VisibilityTimeout: 2");
        yaml = replaceInBlock(yaml, "  DeliveryQueue:\n", "maxReceiveCount: 5", "maxReceiveCount: 2");
        yaml = replaceInBlock(yaml, "  SchedulerFunction:\n", "RECONCILE_AFTER_SECONDS: 420", "RECONCILE_AFTER_SECONDS: 3");
        Path out = dir.resolve("template.yaml");
        Files.writeString(out, yaml);
        return out;
    }

    /** Replaces the first {@code from} after the resource's header; fails loudly if the template moved on. */
    private static String replaceInBlock(String yaml, String header, String from, String to) {
        int start = yaml.indexOf(header);
        int at = start < 0 ? -1 : yaml.indexOf(from, start);
        int nextResource = start < 0 ? -1 : nextTopLevel(yaml, start + header.length());
        if (at < 0 || (nextResource >= 0 && at > nextResource)) {
            throw new IllegalStateException("template.yaml no longer has '" + from + "' under " + header.strip());
        }
        return yaml.substring(0, at) + to + yaml.substring(at + from.length());
    }

    private static int nextTopLevel(String yaml, int from) {
        Matcher m = Pattern.compile("\n  [A-Za-z]+:\n").matcher(yaml);
        return m.find(from) ? m.start() : -1;
    }
}
