package dev.hookline.local.schedule;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** EventBridge {@code rate(N unit)} expressions. Cron schedules are refused by name, not approximated. */
public final class ScheduleExpression {
    private static final Pattern RATE = Pattern.compile("rate\\(\\s*(\\d+)\\s+(minute|minutes|hour|hours|day|days)\\s*\\)");

    private ScheduleExpression() {
    }

    public static Duration period(String expression) {
        Matcher m = RATE.matcher(expression.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("The local platform runs rate(...) schedules only, not '" + expression + "'");
        }
        long n = Long.parseLong(m.group(1));
        if (n < 1) {
            throw new IllegalArgumentException("EventBridge rates must be positive, not '" + expression + "'");
        }
        boolean singular = n == 1;
        String unit = m.group(2);
        if (singular != !unit.endsWith("s")) {
            throw new IllegalArgumentException("EventBridge wants '" + (singular ? "1 " + unit.replaceAll("s$", "")
                    : n + " " + unit + (unit.endsWith("s") ? "" : "s")) + "' in '" + expression + "'");
        }
        return switch (unit.replaceAll("s$", "")) {
            case "minute" -> Duration.ofMinutes(n);
            case "hour" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
