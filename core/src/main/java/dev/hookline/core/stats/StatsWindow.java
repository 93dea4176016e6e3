package dev.hookline.core.stats;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The windows statistics are offered over, and the step a time series of each uses: small enough to show a change,
 * large enough that a chart stays readable (13, 25 and 29 points). Every step is a multiple of the stored buckets'
 * width (5 minutes).
 */
public enum StatsWindow {
    HOUR("1h", Duration.ofHours(1), Duration.ofMinutes(5)),
    DAY("24h", Duration.ofHours(24), Duration.ofHours(1)),
    WEEK("7d", Duration.ofDays(7), Duration.ofHours(6));

    public static final StatsWindow DEFAULT = DAY;

    private final String wire;
    private final Duration length;
    private final Duration step;

    StatsWindow(String wire, Duration length, Duration step) {
        this.wire = wire;
        this.length = length;
        this.step = step;
    }

    public String wire() {
        return wire;
    }

    public Duration length() {
        return length;
    }

    public Duration step() {
        return step;
    }

    public static Optional<StatsWindow> fromWire(String value) {
        return Arrays.stream(values()).filter(w -> w.wire.equals(value)).findFirst();
    }

    /** The wire names in order, for error messages. */
    public static List<String> wireNames() {
        return Arrays.stream(values()).map(StatsWindow::wire).toList();
    }
}
