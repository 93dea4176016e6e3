package dev.hookline.core.stats;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An endpoint's statistics over a window as consecutive steps, for charts: one point per step, aligned to whole
 * steps in UTC, from the step holding the window's start to the one holding its end, every step present (empty ones
 * count zero). Each point sums the stored buckets that start within it, and only those the window reaches, so the
 * first and last steps may be partial and the points add up to exactly what {@link DeliveryStats#read} reports.
 */
public record StatsSeries(StatsWindow window, Instant from, Instant to, List<StatsBucket> points) {

    public StatsSeries {
        points = List.copyOf(points);
    }

    /** The series of {@code window} ending at {@code now}, built from the stored buckets the window overlaps. */
    public static StatsSeries of(StatsWindow window, Instant now, List<StatsBucket> stored) {
        Instant from = now.minus(window.length());
        long step = window.step().toSeconds();
        long first = Math.floorDiv(from.getEpochSecond(), step);
        long last = Math.floorDiv(now.getEpochSecond(), step);
        List<StatsBucket> points = new ArrayList<>();
        for (long s = first; s <= last; s++) {
            points.add(StatsBucket.empty(Instant.ofEpochSecond(s * step)));
        }
        for (StatsBucket b : stored) {
            long index = Math.floorDiv(b.start().getEpochSecond(), step) - first;
            if (index >= 0 && index < points.size()) {
                points.set((int) index, points.get((int) index).plus(b));
            }
        }
        return new StatsSeries(window, from, now, points);
    }

    public Duration step() {
        return window.step();
    }
}
